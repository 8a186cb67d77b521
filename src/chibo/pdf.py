"""PDF from DOCX through LibreOffice, so the PDF shows what Word shows.

A *warm* converter keeps one LibreOffice running (its own profile folder,
listening on a private pipe) and a small worker that drives it over UNO; it is
started on first use and reused. Every conversion has a timeout; a crashed or
hung LibreOffice is killed and replaced. Where UNO is not available, a cold
``soffice --convert-to pdf`` per document does the same job, slower.
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

DEBIAN_PACKAGES = "libreoffice-writer-nogui python3-uno fonts-liberation2"
CONVERT_TIMEOUT = 120.0  # seconds for one document
START_TIMEOUT = 60.0  # seconds for LibreOffice to start listening
_WORKER = Path(__file__).with_name("uno_worker.py")
_counter = itertools.count()


class PdfError(RuntimeError):
    """A conversion that failed; the message is for users (Vietnamese)."""


class ConverterDied(PdfError):
    """LibreOffice crashed or hung during a conversion."""


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(
        "Chưa cài LibreOffice nên không xuất được PDF. Trên Debian/Ubuntu, cài bằng: "
        f"sudo apt-get install {DEBIAN_PACKAGES}"
    )


@lru_cache(maxsize=1)
def uno_python() -> str | None:
    """A Python that can ``import uno`` (LibreOffice's bridge), or None."""
    candidates = [os.environ.get("CHIBO_UNO_PYTHON"), "/usr/bin/python3", shutil.which("python3")]
    for python in filter(None, candidates):
        try:
            done = subprocess.run(
                [python, "-c", "import uno"], capture_output=True, timeout=30
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return python
    return None


def _kill_group(process: subprocess.Popen | None, grace: float = 0.0) -> None:
    """End a process and its children (soffice starts oosplash starts soffice.bin)."""
    if process is None:
        return
    signals = [signal.SIGTERM, signal.SIGKILL] if grace else [signal.SIGKILL]
    for sig in signals:
        try:
            os.killpg(process.pid, sig)  # the whole group, even once the leader has exited
        except (ProcessLookupError, PermissionError):
            break
        try:
            process.wait(timeout=grace or 10)
            if sig is signal.SIGTERM:
                time.sleep(0.2)  # let soffice.bin, not the script, finish closing
        except subprocess.TimeoutExpired:
            continue


class WarmConverter:
    """One LibreOffice kept running, converting one document at a time."""

    def __init__(self, timeout: float = CONVERT_TIMEOUT, start_timeout: float = START_TIMEOUT):
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.office: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.replies: queue.Queue = queue.Queue()
        self.profile_dir: str | None = None
        self.lock = threading.Lock()
        self.starts = 0

    @property
    def restarts(self) -> int:
        """How many times a dead or hung LibreOffice was replaced."""
        return max(0, self.starts - 1)

    # -- life cycle -----------------------------------------------------------

    @property
    def running(self) -> bool:
        return (
            self.office is not None
            and self.office.poll() is None
            and self.worker is not None
            and self.worker.poll() is None
        )

    def start(self) -> None:
        soffice = find_soffice()
        python = uno_python()
        if python is None:
            raise PdfError(
                "Không tìm thấy Python có mô-đun uno của LibreOffice. Trên Debian/Ubuntu, "
                f"cài bằng: sudo apt-get install {DEBIAN_PACKAGES}"
            )
        self.starts += 1
        self.profile_dir = tempfile.mkdtemp(prefix="chibo-libreoffice-")
        self.pipe = f"chibo_{os.getpid()}_{next(_counter)}"
        connection = f"pipe,name={self.pipe}"
        self.office = subprocess.Popen(
            [
                soffice,
                f"-env:UserInstallation={Path(self.profile_dir).as_uri()}",
                "--headless",
                "--invisible",
                "--nologo",
                "--nodefault",
                "--norestore",
                "--nolockcheck",
                f"--accept={connection};urp;StarOffice.ComponentContext",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, killed as one
            env={**os.environ, "TMPDIR": self.profile_dir},  # its temporary files go with it
        )
        self.worker = subprocess.Popen(
            [python, str(_WORKER), connection, str(self.start_timeout)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            start_new_session=True,
        )
        self.replies = queue.Queue()
        threading.Thread(
            target=self._read_replies, args=(self.worker, self.replies), daemon=True
        ).start()
        reply = self._wait(self.start_timeout + 5)
        if not reply.get("ready"):
            self.stop()
            raise ConverterDied(f"LibreOffice không khởi động được: {reply.get('error', '')}")

    @staticmethod
    def _read_replies(worker: subprocess.Popen, replies: queue.Queue) -> None:
        for line in worker.stdout:
            try:
                replies.put(json.loads(line))
            except ValueError:
                continue
        replies.put({"error": "dead"})  # end of output: the worker is gone

    def _wait(self, timeout: float) -> dict:
        try:
            return self.replies.get(timeout=timeout)
        except queue.Empty:
            return {"error": "timeout"}

    def stop(self) -> None:
        _kill_group(self.worker)
        _kill_group(self.office, grace=3.0)  # a chance to close cleanly, then killed
        self.worker = self.office = None
        if self.profile_dir:
            shutil.rmtree(self.profile_dir, ignore_errors=True)
            self.profile_dir = None
        if getattr(self, "pipe", None):
            # LibreOffice's pipe socket lives in /tmp whatever TMPDIR says.
            for folder in {"/tmp", tempfile.gettempdir()}:
                Path(folder, f"OSL_PIPE_{os.getuid()}_{self.pipe}").unlink(missing_ok=True)
            self.pipe = None

    def __enter__(self) -> "WarmConverter":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- converting -----------------------------------------------------------

    def _convert_once(self, source: Path, target: Path) -> None:
        if not self.running:
            self.stop()
            self.start()
        request = json.dumps({"source": str(source), "target": str(target)})
        try:
            self.worker.stdin.write(request + "\n")
            self.worker.stdin.flush()
        except (BrokenPipeError, OSError):
            self.stop()
            raise ConverterDied("LibreOffice đã dừng.") from None
        reply = self._wait(self.timeout)
        if reply.get("ok") and target.exists():
            return
        error = reply.get("error", "")
        if error in ("timeout", "dead") or not self.running:
            self.stop()  # hung or crashed: the next call starts a fresh one
            raise ConverterDied(
                f"LibreOffice {'quá thời gian' if error == 'timeout' else 'đã dừng'} "
                f"khi chuyển {source.name}."
            )
        raise PdfError(
            f"LibreOffice không chuyển được {source.name} sang PDF: "
            f"{error or 'không có tệp PDF nào được tạo'}."
        )

    def convert(self, source: str | Path, target: str | Path) -> None:
        """DOCX file -> PDF file; one retry on a fresh LibreOffice after a crash or hang."""
        source, target = Path(source).resolve(), Path(target).resolve()
        with self.lock:
            try:
                self._convert_once(source, target)
            except ConverterDied:
                self._convert_once(source, target)


def cold_convert(source: str | Path, target: str | Path, timeout: float = CONVERT_TIMEOUT) -> None:
    """One ``soffice --convert-to pdf`` run, with a profile of its own."""
    soffice = find_soffice()
    source, target = Path(source).resolve(), Path(target).resolve()
    with tempfile.TemporaryDirectory(prefix="chibo-cold-") as work:
        command = [
            soffice,
            f"-env:UserInstallation={Path(work, 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            str(source),
        ]
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            env={**os.environ, "TMPDIR": work},
        )
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)  # soffice.bin too, not only the launcher script
            process.communicate()
            raise PdfError(f"LibreOffice quá thời gian khi chuyển {source.name}.") from None
        produced = Path(work, source.stem + ".pdf")
        if process.returncode != 0 or not produced.exists():
            raise PdfError(
                f"LibreOffice không chuyển được {source.name} sang PDF: "
                f"{(err or out).strip()[:300] or 'không có tệp PDF nào được tạo'}."
            )
        shutil.move(produced, target)


class ConverterPool:
    """Warm converters for a batch: at most one per core."""

    def __init__(self, size: int | None = None, timeout: float = CONVERT_TIMEOUT):
        cores = os.cpu_count() or 1
        self.size = max(1, min(size or cores, cores))
        self.timeout = timeout
        self.idle: queue.Queue[WarmConverter] = queue.Queue()
        for _ in range(self.size):
            self.idle.put(WarmConverter(timeout))
        self.executor = ThreadPoolExecutor(self.size, thread_name_prefix="chibo-pdf")

    def convert(self, source: str | Path, target: str | Path) -> None:
        converter = self.idle.get()
        try:
            converter.convert(source, target)
        finally:
            self.idle.put(converter)

    def submit(self, source: str | Path, target: str | Path):
        return self.executor.submit(self.convert, source, target)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        while not self.idle.empty():
            self.idle.get().stop()

    def __enter__(self) -> "ConverterPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_shared: WarmConverter | None = None
_shared_lock = threading.Lock()


def shared_converter() -> WarmConverter:
    """The process's warm converter, started on first use, stopped at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = WarmConverter()
            atexit.register(_shared.stop)
        return _shared


def docx_to_pdf(docx: bytes, converter: WarmConverter | ConverterPool | None = None) -> bytes:
    """The PDF of a DOCX; warm where UNO is available, cold otherwise."""
    with tempfile.TemporaryDirectory(prefix="chibo-pdf-") as work:
        source, target = Path(work, "bao-cao.docx"), Path(work, "bao-cao.pdf")
        source.write_bytes(docx)
        if converter is None and uno_python() is None:
            find_soffice()  # the clearer message when LibreOffice itself is missing
            cold_convert(source, target)
        else:
            try:
                (converter or shared_converter()).convert(source, target)
            except ConverterDied:
                cold_convert(source, target)  # two warm tries failed: the fallback
        return target.read_bytes()
