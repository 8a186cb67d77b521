"""PDF through the real LibreOffice: warm, restarted after a crash or hang, cold."""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chibo.render import pdf
from chibo.loader import load_file
from chibo.render.pdf import ConverterClosed, ConverterPool, PdfError, WarmConverter, cold_convert, docx_to_pdf
from chibo.report import render_report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def docx_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docx")
    paths = []
    for example in EXAMPLES:
        path = folder / f"{example.stem}.docx"
        path.write_bytes(render_report(load_file(example).report))
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def converter():
    with WarmConverter(timeout=60) as c:
        yield c


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def test_uno_is_available():
    assert pdf.uno_python(), "python3-uno is installed by scripts/setup"


def test_warm_converter_is_reused(converter, docx_files, tmp_path):
    converter.convert(docx_files[0], tmp_path / "a.pdf")
    office = converter.office.pid
    converter.convert(docx_files[1], tmp_path / "b.pdf")
    assert converter.office.pid == office  # the same LibreOffice served both
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in pdf_text(tmp_path / "b.pdf")


@pytest.mark.parametrize("index", range(len(EXAMPLES)), ids=[p.stem for p in EXAMPLES])
def test_pdf_has_header_sections_signature_and_intact_vietnamese(converter, docx_files, tmp_path, index):
    report = load_file(EXAMPLES[index]).report
    target = tmp_path / "out.pdf"
    converter.convert(docx_files[index], target)
    text = pdf_text(target)
    for word in report.meta.party_committee.upper().split():
        assert word in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    for title in (
        "PHẦN THỨ NHẤT",
        "I. Đặc điểm tình hình",
        "II. Những kết quả đạt được",
        "III. Khuyết điểm tồn tại",
        "IV. Nguyên nhân và bài học",
        "V. Kết quả đạt được cuối năm",
        "PHẦN THỨ HAI",
        "I. Các mục tiêu, chỉ tiêu cụ thể",
        "II. Các giải pháp thực hiện",
        "8. Công tác Đảng",
    ):
        assert title in text, title
    assert "T/M CHI BỘ" in text and report.meta.signer_name in text
    # Vietnamese lines of the DOCX come out whole: no box, no split letters.
    title = report.structure.title or f"Tổng kết công tác xây dựng Đảng năm {report.year}"
    closing = "Trên đây là báo cáo " + title[0].lower() + title[1:]
    assert closing.split(f"năm {report.year}")[0] + f"năm {report.year}" in text
    assert "\ufffd" not in text


def test_serif_font_embedded(converter, docx_files, tmp_path):
    target = tmp_path / "fonts.pdf"
    converter.convert(docx_files[0], target)
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    serif = [row for row in rows if "LiberationSerif" in row[0] or "TimesNewRoman" in row[0]]
    assert serif, fonts
    # the "emb" column is the third from the right's left: name type encoding emb sub uni
    assert all(row[-5] == "yes" for row in serif), fonts


def _pdf_lines(caplog) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "chibo.pdf"]


@pytest.mark.parametrize("wait_for_death", [True, False], ids=["dead-before-next", "racing"])
def test_killed_converter_is_replaced(docx_files, tmp_path, caplog, wait_for_death):
    caplog.set_level(logging.INFO, logger="chibo.pdf")
    with WarmConverter(timeout=60) as c:
        c.convert(docx_files[0], tmp_path / "1.pdf")
        os.killpg(c.office.pid, signal.SIGKILL)
        if wait_for_death:  # else the next conversion may find it dying or already dead
            c.office.wait(10)
        c.convert(docx_files[0], tmp_path / "2.pdf")
        assert c.restarts == 1
        assert (tmp_path / "2.pdf").stat().st_size > 10_000
    lines = _pdf_lines(caplog)
    # one line per conversion, and one for the restart between them
    assert [level for level, _ in lines] == [logging.INFO, logging.WARNING, logging.INFO], lines
    first, restart, second = (message for _, message in lines)
    assert re.fullmatch(r"pdf done mode=warm ms=\d+ office_starts=1 restarts=0 source=\S+\.docx", first)
    assert "LibreOffice died" in restart and "replacing it" in restart
    assert re.fullmatch(r"pdf done mode=warm ms=\d+ office_starts=1 restarts=1 source=\S+\.docx", second)


def test_hot_conversion_logs_no_start(converter, docx_files, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="chibo.pdf")
    converter.convert(docx_files[0], tmp_path / "warm.pdf")
    caplog.clear()
    converter.convert(docx_files[0], tmp_path / "hot.pdf")
    [(level, message)] = _pdf_lines(caplog)
    assert level == logging.INFO and "mode=warm" in message and "office_starts=0" in message


def test_fallback_to_cold_is_logged(docx_files, caplog):
    caplog.set_level(logging.INFO, logger="chibo.pdf")
    # No document converts in 1 ms: both warm tries time out, then the cold path works.
    with WarmConverter(timeout=0.001) as c:
        data = docx_to_pdf(docx_files[0].read_bytes(), converter=c)
    assert data.startswith(b"%PDF")
    messages = [message for _, message in _pdf_lines(caplog)]
    assert any(m.startswith("pdf failed mode=warm") and "office_starts=2" in m for m in messages), messages
    assert any(m.startswith("pdf fallback to mode=cold") for m in messages), messages
    assert re.fullmatch(r"pdf done mode=cold ms=\d+ source=bao-cao\.docx", messages[-1]), messages


def test_closed_converter_starts_no_libreoffice(docx_files, tmp_path):
    c = WarmConverter()
    c.convert(docx_files[0], tmp_path / "x.pdf")
    office = c.office.pid
    c.close()
    with pytest.raises(ProcessLookupError):
        os.kill(office, 0)
    with pytest.raises(ConverterClosed, match="Máy chủ đang dừng"):
        c.convert(docx_files[0], tmp_path / "y.pdf")
    assert c.office is None and c.starts == 1


def test_hung_converter_is_replaced(docx_files, tmp_path):
    with WarmConverter(timeout=8) as c:
        c.convert(docx_files[0], tmp_path / "1.pdf")
        hung = c.office.pid
        os.killpg(hung, signal.SIGSTOP)  # LibreOffice stops answering
        started = time.monotonic()
        c.convert(docx_files[0], tmp_path / "2.pdf")
        assert time.monotonic() - started < 60
        assert c.restarts == 1 and c.office.pid != hung
        assert (tmp_path / "2.pdf").read_bytes().startswith(b"%PDF")
        with pytest.raises(ProcessLookupError):
            os.kill(hung, 0)  # the hung one was killed, not left behind


def test_cold_fallback(docx_files, tmp_path):
    target = tmp_path / "cold.pdf"
    cold_convert(docx_files[0], target)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in pdf_text(target)


def test_docx_to_pdf_bytes(docx_files):
    data = docx_to_pdf(docx_files[1].read_bytes())
    assert data.startswith(b"%PDF")


def test_pool_is_no_larger_than_the_cores(docx_files, tmp_path):
    with ConverterPool(size=64) as pool:
        assert pool.size == os.cpu_count()
        futures = [pool.submit(docx_files[i % 2], tmp_path / f"{i}.pdf") for i in range(4)]
        for future in futures:
            future.result(timeout=300)
    assert len(list(tmp_path.glob("*.pdf"))) == 4


def test_missing_libreoffice_names_the_debian_packages(monkeypatch, docx_files, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without soffice
    with pytest.raises(PdfError) as error:
        cold_convert(docx_files[0], tmp_path / "x.pdf")
    message = str(error.value)
    assert "Chưa cài LibreOffice" in message
    assert "apt-get install libreoffice-writer-nogui" in message


def test_no_libreoffice_left_running_after_stop(docx_files, tmp_path):
    c = WarmConverter()
    c.convert(docx_files[0], tmp_path / "x.pdf")
    office, profile = c.office.pid, c.profile_dir
    c.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(office, 0)
    assert not Path(profile).exists()


def test_cold_timeout_leaves_no_libreoffice_behind(docx_files, tmp_path):
    with pytest.raises(PdfError, match="quá thời gian"):
        cold_convert(docx_files[0], tmp_path / "slow.pdf", timeout=0.5)
    time.sleep(1)
    running = subprocess.run(["pgrep", "-af", "chibo-cold-"], capture_output=True, text=True).stdout
    assert "soffice.bin" not in running


def _new_sockets(before: set[Path]) -> set[Path]:
    return set(Path("/tmp").glob(f"OSL_PIPE_{os.getuid()}_*")) - before


def test_stop_removes_the_pipe_sockets(docx_files, tmp_path):
    before = _new_sockets(set())
    c = WarmConverter()
    c.convert(docx_files[0], tmp_path / "x.pdf")
    # the --accept pipe and LibreOffice's single-instance pipe of that profile
    made = _new_sockets(before)
    assert Path("/tmp", f"OSL_PIPE_{os.getuid()}_{c.pipe}") in made
    assert any("SingleOfficeIPC_" in path.name for path in made), made
    c.stop()
    assert not made & _new_sockets(before)


def test_cold_conversion_leaves_no_pipe_socket(docx_files, tmp_path):
    before = _new_sockets(set())
    cold_convert(docx_files[0], tmp_path / "cold.pdf")
    assert not any("SingleOfficeIPC_" in path.name for path in _new_sockets(before))


def test_render_logs_conversions_only_when_verbose(tmp_path):
    chibo = Path(sys.executable).with_name("chibo")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIBO_", "DJANGO_"))}

    def render(*flags):
        target = tmp_path / f"out{len(flags)}.pdf"
        done = subprocess.run(
            [str(chibo), "render", str(EXAMPLES[0]), "-o", str(target), *flags],
            capture_output=True, text=True, env=env, timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert target.read_bytes().startswith(b"%PDF")
        return done.stderr

    assert re.search(r"^INFO chibo\.pdf: pdf done mode=warm ms=\d+ office_starts=1", render("-v"), re.M)
    quiet = render()
    assert "chibo.pdf" not in quiet and "pdf done" not in quiet
