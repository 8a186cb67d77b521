"""Many files, many formats: one bad file never stops the rest."""

from __future__ import annotations

import io
import shutil
import tracemalloc
import zipfile
from pathlib import Path

import docx
from click.testing import CliRunner

from chibo.batch import Job, run_batch
from chibo.cli import cli
from chibo.profiles import load_profile

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def test_single_pdf_from_the_extension(tmp_path):
    target = tmp_path / "bao-cao.pdf"
    result = CliRunner().invoke(cli, ["render", str(EXAMPLES[0]), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    layout = CliRunner().invoke(cli, ["check", "--layout", str(target)])
    assert layout.exit_code == 0, layout.output
    assert "Không có lỗi" in layout.output


def test_batch_with_a_bad_file(tmp_path):
    bad = tmp_path / "hong.yaml"
    bad.write_text("year: [", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["render", *map(str, EXAMPLES), str(bad), "--format", "pdf,docx", "-o", str(out)]
    )
    assert result.exit_code == 1
    made = sorted(p.name for p in out.iterdir())
    assert made == sorted(f"{p.stem}.{fmt}" for p in EXAMPLES for fmt in ("docx", "pdf"))
    good = 2 * len(EXAMPLES)
    assert f"Đã xuất {good}/{good + 2} tệp" in result.output
    assert f"{bad}: Có 1 lỗi. Chưa xuất báo cáo" in result.output
    assert "không phải YAML hợp lệ" in result.output
    assert "Traceback" not in result.output
    assert "Đang xuất" in result.output  # the progress bar


def test_no_charts_flag(tmp_path):
    target = tmp_path / "x.docx"
    result = CliRunner().invoke(cli, ["render", str(EXAMPLES[0]), "-o", str(target), "--no-charts"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]
    with_charts = tmp_path / "y.docx"
    CliRunner().invoke(cli, ["render", str(EXAMPLES[0]), "-o", str(with_charts)])
    assert len(docx.Document(io.BytesIO(with_charts.read_bytes())).inline_shapes) == 3


def test_unknown_format(tmp_path):
    result = CliRunner().invoke(cli, ["render", str(EXAMPLES[0]), "--format", "odt", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "Không hỗ trợ định dạng «odt»" in result.output


def test_layout_check_of_a_non_pdf_fails(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"not a pdf")
    result = CliRunner().invoke(cli, ["check", "--layout", str(bad)])
    assert result.exit_code == 1
    assert "Không đọc được tệp PDF" in result.output


def test_batch_memory_does_not_grow_with_the_number_of_reports(tmp_path):
    """Each DOCX is dropped once written: 40 reports peak where 4 do."""
    sources = []
    for i in range(40):
        sources.append(tmp_path / f"bao-cao-{i:02d}.yaml")
        shutil.copy(EXAMPLES[0], sources[-1])
    profile = load_profile()

    def peak(n: int) -> int:
        jobs = [Job(s, tmp_path / "out" / f"{s.stem}.docx", "docx") for s in sources[:n]]
        tracemalloc.start()
        try:
            results = run_batch(jobs, profile=profile)
            highest = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert not [r.error for r in results if r.error]
        return highest

    run_batch([Job(sources[0], tmp_path / "warm.docx", "docx")], profile=profile)  # charts cached
    one_docx = (tmp_path / "warm.docx").stat().st_size
    assert one_docx > 100_000  # charts make each DOCX large: holding them all would show
    few, many = peak(4), peak(40)
    assert many - few < 3 * one_docx, (few, many, one_docx)


def test_more_pdfs_than_the_queue_holds(tmp_path):
    """Conversions wait in a bounded queue; every one still lands, and a bad file in the middle stops none."""
    sources = []
    for i in range(7):
        sources.append(tmp_path / f"bao-cao-{i}.yaml")
        if i == 3:
            sources[-1].write_text("year: [", encoding="utf-8")
        else:
            shutil.copy(EXAMPLES[i % 2], sources[-1])
    out = tmp_path / "out"
    jobs = [Job(s, out / f"{s.stem}.{fmt}", fmt) for s in sources for fmt in ("pdf", "docx")]
    ticks = []

    class Bar:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

        def update(self, n):
            ticks.append(n)

    results = run_batch(jobs, profile=load_profile(), progress=lambda total: Bar())
    assert [r.job for r in results] == jobs
    assert [bool(r.error) for r in results] == [s == sources[3] for s in sources for _ in range(2)]
    assert sum(ticks) == len(jobs)
    for s in sources:
        if s != sources[3]:
            assert (out / f"{s.stem}.pdf").read_bytes().startswith(b"%PDF")
            assert zipfile.is_zipfile(out / f"{s.stem}.docx")
