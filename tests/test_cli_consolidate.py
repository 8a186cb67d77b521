"""`chibo consolidate`: many cells' files to one XLSX, bad files named and left out."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from chibo.cli import cli
from chibo.consolidate import consolidate, summarize
from chibo.loader import parse_text

ROOT = Path(__file__).resolve().parents[1]
THCS_TEXT = (ROOT / "examples" / "thcs-2026.yaml").read_text(encoding="utf-8")
TIEU_HOC_TEXT = (ROOT / "examples" / "tieu-hoc-2026.yaml").read_text(encoding="utf-8")


def _data(text: str) -> dict:
    """The data as the web app stores it, from a file's text."""
    report = parse_text(text).report
    return report.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def _other_thcs(name: str = "Chi bộ Trường THCS Đông Hòa", year: int = 2026) -> str:
    text = THCS_TEXT.replace("Chi bộ Trường THCS Đông Thành", name)
    text = text.replace("  assessed: 587\n  conduct:\n    tot: 498", "  assessed: 600\n  conduct:\n    tot: 511")
    text = text.replace("  learning:\n    tot: 142", "  learning:\n    tot: 155", 1)
    text = text.replace("date: 2026-12-18", f"date: {year}-12-18", 1)  # signed in its own year
    return text.replace("year: 2026", f"year: {year}", 1)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args: str):
    return CliRunner().invoke(cli, ["consolidate", *args])


def _members_sheet(path: Path):
    return openpyxl.load_workbook(path)["Đặc điểm tình hình đảng viên"]


def _rows(ws) -> dict[str, list]:
    first = openpyxl.utils.cell.coordinate_to_tuple(ws.freeze_panes)[0]
    rows = {}
    for r in range(first, ws.max_row + 1):
        label = ws.cell(row=r, column=1).value
        if label is not None:
            rows[label] = [ws.cell(row=r, column=c).value for c in range(2, ws.max_column + 1)]
    return rows


def test_good_and_bad_files_output_written_bad_named_with_line(tmp_path):
    good = _write(tmp_path, "thcs.yaml", THCS_TEXT)
    other = _write(tmp_path, "thcs-2.yaml", _other_thcs())
    # Line 23 holds start_of_year; the sum no longer matches end_of_year (line 30).
    wrong = _write(tmp_path, "sai.yaml", _other_thcs("Chi bộ Trường THCS Sai").replace(
        "start_of_year: 24", "start_of_year: 99"))
    broken = _write(tmp_path, "hong.yaml", "year: 2026\nmeta:\n  cell_name: [Chi bộ\n")
    out = tmp_path / "tong-hop-2026.xlsx"
    result = _run(str(good), str(wrong), str(other), str(broken), str(tmp_path / "khong-co.yaml"), "-o", str(out))
    assert result.exit_code == 1, result.output
    lines = THCS_TEXT.splitlines()
    end_line = next(i for i, line in enumerate(lines, 1) if line.strip().startswith("end_of_year:"))
    assert f"{wrong}:{end_line}: members.end_of_year [lỗi]" in result.output
    assert f"{broken}:4:" in result.output or f"{broken}:3:" in result.output
    for bad in (wrong, broken, tmp_path / "khong-co.yaml"):
        assert f"{bad}: bỏ qua, không tổng hợp" in result.output
    assert "Đã tổng hợp 2 chi bộ năm 2026" in result.output and "3 tệp bị bỏ qua" in result.output
    rows = _rows(_members_sheet(out))
    assert set(rows) == {"Chi bộ Trường THCS Đông Thành", "Chi bộ Trường THCS Đông Hòa", "Tổng cộng"}
    assert rows["Tổng cộng"][0] == 24 * 2  # đầu năm, both good cells


def test_same_numbers_as_the_web_page(tmp_path):
    files = [_write(tmp_path, "a.yaml", THCS_TEXT), _write(tmp_path, "b.yaml", _other_thcs()),
             _write(tmp_path, "c.yaml", TIEU_HOC_TEXT.replace("Đảng bộ phường Tân Phong", "Đảng bộ xã Đông Thành"))]
    out = tmp_path / "x.xlsx"
    result = _run(*map(str, files), "-o", str(out))
    assert result.exit_code == 0, result.output
    # The web app's path: stored data -> summarize -> consolidate.
    web = consolidate([summarize(_data(f.read_text(encoding="utf-8"))) for f in files],
                      year=2026, organisation="Đảng bộ xã Đông Thành")
    book = openpyxl.load_workbook(out)
    assert book.worksheets[0]["A1"].value == web.title
    for ws, block in zip(book.worksheets, web.blocks()):
        got = _rows(ws)
        for line in [*block.rows, *block.totals]:
            expected = [
                ("—" if c.kind in ("count", "percent") else None) if v is None
                else float(v) / 100 if c.kind == "percent" and not isinstance(v, str) else v
                for c, v in zip(block.columns, line.values)
            ]
            assert got[line.label] == pytest.approx(expected, abs=1e-12), (block.key, line.label)


def test_files_of_different_years_are_refused_unless_a_year_is_chosen(tmp_path):
    now = _write(tmp_path, "2026.yaml", THCS_TEXT)
    before = _write(tmp_path, "2025.yaml", _other_thcs(year=2025))
    out = tmp_path / "x.xlsx"
    result = _run(str(now), str(before), "-o", str(out))
    assert result.exit_code == 2
    assert "không cùng năm báo cáo" in result.output and "--year" in result.output
    assert str(before) in result.output and not out.exists()
    result = _run(str(now), str(before), "--year", "2026", "-o", str(out))
    assert result.exit_code == 1
    assert f"{before}: bỏ qua, không tổng hợp (báo cáo năm 2025, không phải năm 2026)" in result.output
    assert set(_rows(_members_sheet(out))) == {"Chi bộ Trường THCS Đông Thành", "Tổng cộng"}


def test_organisation_from_the_files_must_agree_or_be_given(tmp_path):
    a = _write(tmp_path, "a.yaml", THCS_TEXT)
    b = _write(tmp_path, "b.yaml", TIEU_HOC_TEXT)
    out = tmp_path / "x.xlsx"
    result = _run(str(a), str(b), "-o", str(out))
    assert result.exit_code == 2 and "--dang-bo" in result.output and not out.exists()
    result = _run(str(a), str(b), "--dang-bo", "Đảng bộ phường Mới", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).worksheets[0]["A1"].value.startswith("Đảng bộ phường Mới:")
    # The same name typed with another case is the same đảng bộ.
    c = _write(tmp_path, "c.yaml", _other_thcs().replace("Đảng bộ xã Đông Thành", "Đảng bộ Xã Đông Thành"))
    result = _run(str(a), str(c), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).worksheets[0]["A1"].value.startswith("Đảng bộ xã Đông Thành:")


def test_last_year_from_a_folder_gives_the_comparison(tmp_path):
    (tmp_path / "2025").mkdir()
    _write(tmp_path / "2025", "a.yaml", THCS_TEXT.replace("year: 2026", "year: 2025", 1).replace("date: 2026-12-18", "date: 2025-12-18", 1))
    _write(tmp_path / "2025", "b.yaml", _other_thcs(year=2025))
    _write(tmp_path / "2025", "ghi-chu.txt", "không phải báo cáo")
    now = _write(tmp_path, "a.yaml", THCS_TEXT)
    out = tmp_path / "x.xlsx"
    result = _run(str(now), "--nam-truoc", str(tmp_path / "2025"), "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = _rows(_members_sheet(out))
    assert rows["Năm trước (2025)"][0] == 48 and rows["Tổng cộng"][0] == 24
    assert rows["Tăng (+), giảm (-)"][0] == -24


def test_a_cell_given_twice_counts_once(tmp_path):
    a = _write(tmp_path, "a.yaml", THCS_TEXT)
    again = _write(tmp_path, "a-ban-sua.yaml", THCS_TEXT)
    out = tmp_path / "x.xlsx"
    result = _run(str(a), str(again), "-o", str(out))
    assert result.exit_code == 1
    assert f"{again}: bỏ qua, không tổng hợp (Chi bộ Trường THCS Đông Thành đã có trong tệp {a})" in result.output
    assert _rows(_members_sheet(out))["Tổng cộng"][0] == 24


def test_nothing_good_writes_nothing_and_unknown_format_is_refused(tmp_path):
    broken = _write(tmp_path, "hong.yaml", "year: [\n")
    out = tmp_path / "x.xlsx"
    result = _run(str(broken), "-o", str(out))
    assert result.exit_code == 1 and "Không có tệp nào tổng hợp được" in result.output
    assert not out.exists()
    result = _run(str(_write(tmp_path, "a.yaml", THCS_TEXT)), "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 2 and ".xlsx hoặc .docx" in result.output


def test_summary_docx_of_the_dang_uy_with_the_same_totals(tmp_path):
    files = [_write(tmp_path, "a.yaml", THCS_TEXT), _write(tmp_path, "b.yaml", _other_thcs())]
    out = tmp_path / "bao-cao-tong-hop-2026.docx"
    result = _run(*map(str, files), "-o", str(out), "--cap-tren", "Đảng bộ tỉnh Nghệ An", "--so", "27",
                  "--dia-danh", "Đông Thành", "--nguoi-ky", "Lê Văn Bình")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for row in t.rows for c in row.cells])
    for expected in ("ĐẢNG BỘ TỈNH NGHỆ AN", "ĐẢNG ỦY XÃ ĐÔNG THÀNH", "27-BC/ĐU", "Lê Văn Bình"):
        assert expected in text, expected
    tables = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert any(row[0] == "Tổng cộng" and "48" in row for row in tables)  # đầu năm: 24 + 24
