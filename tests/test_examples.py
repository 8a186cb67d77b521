"""The shipped examples: clean, complete, and printable through LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from chibo.loader import load_file
from chibo.report import check_report, render_report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def test_two_examples_one_with_a_member_list():
    assert [p.name for p in EXAMPLES] == ["thcs-2026.yaml", "tieu-hoc-2026.yaml"]
    reports = [load_file(p).report for p in EXAMPLES]
    assert sum(bool(r.members.roster) for r in reports) == 1
    levels = {r.meta.school_level.value for r in reports}
    assert levels == {"thcs", "tieu_hoc"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_has_no_problem(path):
    loaded = load_file(path)
    assert loaded.report is not None, [str(p) for p in loaded.problems]
    assert check_report(loaded.report) == []


@pytest.fixture(scope="module")
def soffice():
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice is installed by scripts/setup (libreoffice-writer-nogui)"
    return exe


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_converts_to_pdf_with_libreoffice(path, tmp_path, soffice):
    report = load_file(path).report
    docx_path = tmp_path / f"{path.stem}.docx"
    docx_path.write_bytes(render_report(report))
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx_path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / f"{path.stem}.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    assert "Error" not in done.stderr
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in flat
    # The masthead's lines may break; each word of the names is there.
    for word in (report.meta.party_committee + " " + report.meta.cell_name).upper().split():
        assert word in flat
    for heading in ("PHẦN THỨ NHẤT", "PHẦN THỨ HAI", "I. Đặc điểm tình hình", "II. Các giải pháp thực hiện"):
        assert heading in flat
    assert "T/M CHI BỘ" in flat and report.meta.signer_name in flat
    assert "Nơi nhận:" in flat
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "pts (A4)" in pages
