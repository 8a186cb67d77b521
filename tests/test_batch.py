"""Many files, many formats: one bad file never stops the rest."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from click.testing import CliRunner

from chibo.cli import cli

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
    assert "Đã xuất 4/6 tệp" in result.output
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
