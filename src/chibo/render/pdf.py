"""PDF from DOCX through LibreOffice, so the PDF shows what Word shows.

A *warm* converter keeps one LibreOffice running (its own profile folder,
listening on a private pipe) and a small worker that drives it over UNO; it is
started on first use and reused. Every conversion has a timeout; a crashed or
hung LibreOffice is killed and replaced. Where UNO is not available, a cold
``soffice --convert-to pdf`` per document does the same job, slower.

Each conversion logs one line to the ``chibo.pdf`` logger (INFO when done,
WARNING when it failed), with its time, warm or cold, and LibreOffice starts;
restarts and fallbacks to the cold path log a WARNING of their own.
"""

from __future__ import annotations

import atexit
import hashlib
import itertools
import json
import logging
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
CLOSING = "Máy chủ đang dừng nên chưa xuất được PDF; hãy thử lại sau ít phút."
_WORKER = Path(__file__).with_name("uno_worker.py")
_counter = itertools.count()
log = logging.getLogger("chibo.pdf")


class PdfError(RuntimeError):
    """A conversion that failed; the message is for users (Vietnamese)."""


class ConverterDied(PdfError):
    """LibreOffice crashed or hung during a conversion."""


class ConverterClosed(PdfError):
    """The converter was closed (the server is stopping): no new LibreOffice."""


def _ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)


def _sockets(profile_url: str, pipe: str | None = None) -> list[Path]:
    """The pipe sockets a LibreOffice leaves in /tmp (whatever TMPDIR says).

    Besides the ``--accept`` pipe, each profile gets a single-instance pipe named
    after the MD5 of its URL in UTF-16, bytes in hex without leading zeros
    (LibreOffice's officeipcthread.cxx); neither is removed when it is killed.
    """
    digest = hashlib.md5(profile_url.encode("utf-16-le")).digest()
    names = ["SingleOfficeIPC_" + "".join(format(byte, "x") for byte in digest)]
    if pipe:
        names.append(pipe)
    return [Path("/tmp", f"OSL_PIPE_{os.getuid()}_{name}") for name in names]


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
        self.pipe: str | None = None
        self.lock = threading.Lock()  # one conversion at a time
        self._life = threading.Lock()  # start, stop and close, never interleaved
        self.closed = False
        self.starts = 0

    @property
    def restarts(self) -> int:
        """How many times a dead or hung LibreOffice was replaced."""
        return max(0, self.starts - 1)

    # -- life cycle -----------------------------------------------------------

    @property
    def running(self) -> bool:
        office, worker = self.office, self.worker
        return office is not None and office.poll() is None and worker is not None and worker.poll() is None

    def start(self) -> None:
        soffice = find_soffice()
        python = uno_python()
        if python is None:
            raise PdfError(
                "Không tìm thấy Python có mô-đun uno của LibreOffice. Trên Debian/Ubuntu, "
                f"cài bằng: sudo apt-get install {DEBIAN_PACKAGES}"
            )
        with self._life:
            if self.closed:
                raise ConverterClosed(CLOSING)
            self.starts += 1
            self.profile_dir = tempfile.mkdtemp(prefix="chibo-libreoffice-")
            self.pipe = f"chibo_{os.getpid()}_{next(_counter)}"
            connection = f"pipe,name={self.pipe}"
            profile_url = Path(self.profile_dir).as_uri()
            self.office = subprocess.Popen(
                [
                    soffice,
                    f"-env:UserInstallation={profile_url}",
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
            # The worker also knows what to clean up if this process dies first.
            self.worker = subprocess.Popen(
                [
                    python,
                    str(_WORKER),
                    connection,
                    str(self.start_timeout),
                    str(self.office.pid),
                    self.profile_dir,
                    *map(str, _sockets(profile_url, self.pipe)),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                start_new_session=True,
            )
            self.replies = replies = queue.Queue()
            threading.Thread(target=self._read_replies, args=(self.worker, replies), daemon=True).start()
        reply = self._wait(replies, self.start_timeout + 5)
        if not reply.get("ready"):
            self.stop()
            if self.closed:
                raise ConverterClosed(CLOSING)
            raise ConverterDied(f"LibreOffice không khởi động được: {reply.get('error', '')}")

    @staticmethod
    def _read_replies(worker: subprocess.Popen, replies: queue.Queue) -> None:
        for line in worker.stdout:
            try:
                replies.put(json.loads(line))
            except ValueError:
                continue
        replies.put({"error": "dead"})  # end of output: the worker is gone

    @staticmethod
    def _wait(replies: queue.Queue, timeout: float) -> dict:
        try:
            return replies.get(timeout=timeout)
        except queue.Empty:
            return {"error": "timeout"}

    def stop(self) -> None:
        """End LibreOffice and its worker; remove the profile folder and the pipe."""
        with self._life:
            worker, office, profile_dir, pipe = self.worker, self.office, self.profile_dir, self.pipe
            self.worker = self.office = self.profile_dir = self.pipe = None
            _kill_group(worker)
            _kill_group(office, grace=3.0)  # a chance to close cleanly, then killed
            if profile_dir:
                shutil.rmtree(profile_dir, ignore_errors=True)
                for socket in _sockets(Path(profile_dir).as_uri(), pipe):
                    socket.unlink(missing_ok=True)

    def close(self) -> None:
        """Stop for good, even during a conversion (which then fails): the server is stopping."""
        self.closed = True
        self.stop()

    def __enter__(self) -> "WarmConverter":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- converting -----------------------------------------------------------

    def _convert_once(self, source: Path, target: Path) -> None:
        if not self.running:
            if self.office is not None:  # it died between conversions: a restart, logged as one
                log.warning("pdf LibreOffice died (pid %s) before converting %s; replacing it",
                            self.office.pid, source.name)
            self.stop()
            self.start()
        worker, replies = self.worker, self.replies
        request = json.dumps({"source": str(source), "target": str(target)})
        try:
            worker.stdin.write(request + "\n")
            worker.stdin.flush()
        except (AttributeError, BrokenPipeError, OSError):  # AttributeError: closed meanwhile
            self.stop()
            raise ConverterDied("LibreOffice đã dừng.") from None
        reply = self._wait(replies, self.timeout)
        if reply.get("ok") and target.exists():
            return
        error = reply.get("error", "")
        if error in ("timeout", "dead") or not self.running:
            office = getattr(self.office, "pid", None)
            self.stop()  # hung or crashed: the next call starts a fresh one
            if self.closed:
                raise ConverterClosed(CLOSING)
            what = "hung" if error == "timeout" else "died"
            log.warning("pdf LibreOffice %s (pid %s) converting %s; replacing it", what, office, source.name)
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
            started, starts = time.perf_counter(), self.starts
            try:
                try:
                    self._convert_once(source, target)
                except ConverterDied:
                    self._convert_once(source, target)
            except PdfError as exc:
                log.warning(
                    "pdf failed mode=warm ms=%d office_starts=%d restarts=%d source=%s error=%s",
                    _ms(started), self.starts - starts, self.restarts, source.name, exc,
                )
                raise
            log.info(
                "pdf done mode=warm ms=%d office_starts=%d restarts=%d source=%s",
                _ms(started), self.starts - starts, self.restarts, source.name,
            )


def cold_convert(source: str | Path, target: str | Path, timeout: float = CONVERT_TIMEOUT) -> None:
    """One ``soffice --convert-to pdf`` run, with a profile of its own."""
    source, target = Path(source).resolve(), Path(target).resolve()
    started = time.perf_counter()
    try:
        _cold_convert(source, target, timeout)
    except PdfError as exc:
        log.warning("pdf failed mode=cold ms=%d source=%s error=%s", _ms(started), source.name, exc)
        raise
    log.info("pdf done mode=cold ms=%d source=%s", _ms(started), source.name)


def _cold_convert(source: Path, target: Path, timeout: float) -> None:
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="chibo-cold-") as work:
        profile_url = Path(work, "profile").as_uri()
        try:
            _run_cold(soffice, profile_url, work, source, target, timeout)
        finally:
            for socket in _sockets(profile_url):
                socket.unlink(missing_ok=True)


def _run_cold(soffice: str, profile_url: str, work: str, source: Path, target: Path, timeout: float) -> None:
    command = [
        soffice,
        f"-env:UserInstallation={profile_url}",
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


def close_shared_converter() -> None:
    """Stop the process's warm converter for good (a server shutting down)."""
    with _shared_lock:
        converter = _shared
    if converter is not None:
        converter.close()


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
            except ConverterDied as exc:
                log.warning("pdf fallback to mode=cold after two warm failures: %s", exc)
                cold_convert(source, target)
        return target.read_bytes()
