"""The shipped examples: clean, complete, and printable through LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from chibo.compose import compose
from chibo.figures import resolved_scale
from chibo.loader import load_file
from chibo.report import check_report, render_report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def test_three_examples_two_with_a_member_list():
    assert [p.name for p in EXAMPLES] == ["thcs-2026.yaml", "tieu-hoc-2020.yaml", "tieu-hoc-2026.yaml"]
    reports = [load_file(p).report for p in EXAMPLES]
    assert sum(bool(r.members.roster) for r in reports) == 2
    levels = {r.meta.school_level.value for r in reports}
    assert levels == {"thcs", "tieu_hoc"}


def test_earlier_year_example_is_written_as_real_reports_are():
    """The 2020 example: older primary scale, Căn cứ lines, staff, a section left out, a roster."""
    report = load_file(ROOT / "examples" / "tieu-hoc-2020.yaml").report
    assert resolved_scale(report).code == "tt30"
    text = "\n".join(b.text for b in compose(report, charts=False).body if hasattr(b, "text"))
    assert "Căn cứ Quy định số 132-QĐ/TW" in text
    assert "đảng viên chiếm 40,0% tổng số cán bộ, giáo viên, nhân viên" in text
    assert ("- Đảng viên tăng: kết nạp mới đồng chí Nguyễn Thị Thanh Tâm; chuyển đến đồng chí Thái Thị Lan "
            "(từ Chi bộ Trường Tiểu học Quỳnh Thạch chuyển đến).\n- Công nhận đảng viên chính thức: "
            "đồng chí Bùi Thị Thúy.\n- Đảng viên giảm: chuyển đi đồng chí Cao Văn Thành") in text
    assert "Thông tư 30/2014/TT-BGDĐT" in text and "giáo viên dạy giỏi cấp huyện" in text
    assert "huyện (cũ)" not in text
    part_one = text.split("\nPhần thứ hai\n")[0]
    assert "3. Công tác phòng, chống dịch Covid-19" in part_one
    assert "Công tác văn nghệ, thể thao" not in part_one


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
