"""The chibo command as a user runs it."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from chibo.cli import cli

ROOT = Path(__file__).resolve().parents[1]
THCS = ROOT / "examples" / "thcs-2026.yaml"


@pytest.fixture()
def runner():
    return CliRunner()


def test_init_writes_a_starter_with_every_section(runner, tmp_path):
    target = tmp_path / "bao-cao-2026.yaml"
    result = runner.invoke(cli, ["init", "--year", "2026", "-o", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["year"] == 2026
    assert set(data) >= {"meta", "members", "students", "classification", "targets", "narrative"}
    assert "# Số đảng viên đầu năm" in text  # labels from the model, as comments
    # Narrative comes pre-filled with the defaults, for the chosen year.
    assert "trong năm 2026" in data["narrative"]["results"]["ideology"]
    assert "..." not in text.replace("#", "")


def test_init_never_overwrites(runner, tmp_path):
    target = tmp_path / "bao-cao.yaml"
    target.write_text("year: 2025\n", encoding="utf-8")
    result = runner.invoke(cli, ["init", "--year", "2026", "-o", str(target)])
    assert result.exit_code == 2
    assert "không ghi đè" in result.output
    assert target.read_text(encoding="utf-8") == "year: 2025\n"


def test_starter_then_check_names_what_to_fill(runner, tmp_path):
    target = tmp_path / "s.yaml"
    runner.invoke(cli, ["init", "--year", "2026", "--level", "tieu_hoc", "-o", str(target)])
    result = runner.invoke(cli, ["check", str(target)])
    assert result.exit_code == 1
    assert "«Đảng bộ cấp trên»" in result.output
    assert "[lỗi]" in result.output
    assert "Traceback" not in result.output
    # Primary school: TT27 levels in the starter; each phẩm chất, năng lực left empty is not
    # given (no lỗi), and no single per-pupil level, which TT27 does not have.
    text = target.read_text(encoding="utf-8")
    assert "hoan_thanh_xuat_sac" in text
    assert "    yeu_nuoc: {tot: , dat: , can_co_gang: }  # Yêu nước" in text
    assert "  conduct:" not in text and "students.qualities" not in result.output


def test_check_clean_example(runner):
    result = runner.invoke(cli, ["check", str(THCS)])
    assert result.exit_code == 0, result.output
    assert "Không có lỗi" in result.output


def test_check_reports_errors_with_line_and_exit_1(runner, tmp_path):
    text = THCS.read_text(encoding="utf-8").replace("end_of_year: ", "end_of_year: 9", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["check", str(bad)])
    assert result.exit_code == 1
    line = next(l for l in result.output.splitlines() if "members.end_of_year" in l)
    assert line.startswith(f"{bad}:")
    assert "[lỗi]" in line and "«Số đảng viên cuối năm»" in line


def test_render_refuses_a_file_with_errors_and_keeps_old_output(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(THCS.read_text(encoding="utf-8").replace("assessed: ", "assessed: 1", 1), encoding="utf-8")
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous")
    result = runner.invoke(cli, ["render", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert "Chưa xuất báo cáo" in result.output
    assert out.read_bytes() == b"previous"


def test_render_goes_on_after_warnings(runner, tmp_path):
    text = THCS.read_text(encoding="utf-8")
    lines = [l for l in text.splitlines() if not l.strip().startswith("number:")]
    warned = tmp_path / "warned.yaml"
    warned.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.docx"
    result = runner.invoke(cli, ["render", str(warned), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "[cảnh báo]" in result.output
    assert "Số         -BC/CB" in docx.Document(str(out)).tables[0].rows[0].cells[0].text


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("", "rỗng"),
        ("year: [2026\n", "không phải YAML hợp lệ"),
        ("- a\n- b\n", "phải là các mục"),
        ("year: 2026\nyera: 1\n", "Có phải ý bạn là «year»"),
        ("year: hai nghìn\n", "phải là số nguyên"),
    ],
)
def test_bad_input_is_a_message_never_a_traceback(runner, tmp_path, content, fragment):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    for command in (["check", str(bad)], ["render", str(bad), "-o", str(tmp_path / "x.docx")]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 1, result.output
        assert fragment in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "x.docx").exists()


def test_render_unknown_format_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(cli, ["render", str(THCS), "-o", str(tmp_path / "x.odt")])
    assert result.exit_code == 2
    assert "định dạng" in result.output


def test_render_unknown_profile(runner, tmp_path):
    result = runner.invoke(cli, ["render", str(THCS), "-o", str(tmp_path / "x.docx"), "--profile", "khong-co"])
    assert result.exit_code == 2
    assert "Không có thể thức «khong-co»" in result.output


def test_schema_has_vietnamese_titles(runner):
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["properties"]["year"]["title"] == "Năm báo cáo"
    members = schema["$defs"]["Members"]["properties"]
    assert members["start_of_year"]["title"] == "Số đảng viên đầu năm"


def test_installed_entry_point_renders(tmp_path):
    exe = shutil.which("chibo", path=str(Path(sys.executable).parent)) or shutil.which("chibo")
    assert exe, "the chibo command is installed with the package"
    out = tmp_path / "bao-cao.docx"
    done = subprocess.run([exe, "render", str(THCS), "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "Đã xuất" in done.stdout
    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert any(p.text == "BÁO CÁO" for p in document.paragraphs)


# --- hostile and mistaken paths: a message per file, never a traceback ---------------


def _no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.mark.parametrize("where", ["/proc/nope/x.yaml", "{tmp}/a-file/x.yaml", "/sys/x.yaml"])
def test_init_to_an_unwritable_place_says_so(runner, tmp_path, where):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    target = where.format(tmp=tmp_path)
    result = runner.invoke(cli, ["init", "--year", "2026", "-o", target])
    _no_traceback(result)
    assert result.exit_code == 1
    assert f"Không ghi được {target}:" in result.output
    assert "Hãy chọn chỗ ghi được" in result.output


def test_init_to_a_folder_asks_for_a_file_name(runner, tmp_path):
    result = runner.invoke(cli, ["init", "--year", "2026", "-o", str(tmp_path)])
    _no_traceback(result)
    assert result.exit_code == 2
    assert "là một thư mục" in result.output and "bao-cao-2026.yaml" in result.output
    assert list(tmp_path.iterdir()) == []


def test_check_a_folder_or_missing_file_is_reported_per_file(runner, tmp_path):
    result = runner.invoke(cli, ["check", str(tmp_path), str(tmp_path / "khong-co.yaml"), str(THCS)])
    _no_traceback(result)
    assert result.exit_code == 1
    assert "đó là một thư mục" in result.output
    assert "Không tìm thấy tệp" in result.output
    assert f"{THCS}: Không có lỗi." in result.output


def test_a_batch_with_an_alias_bomb_renders_the_good_file(runner, tmp_path):
    from test_loader import billion_laughs

    bomb = tmp_path / "bom.yaml"
    bomb.write_text(billion_laughs(30, 10), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["render", str(THCS), str(bomb), "--no-charts", "-o", str(out)])
    _no_traceback(result)
    assert result.exit_code == 1
    assert (out / "thcs-2026.docx").stat().st_size > 10_000
    assert not (out / "bom.docx").exists()
    line = next(l for l in result.output.splitlines() if l.startswith(f"{bomb}:"))
    assert "bí danh YAML" in line and "quá nhiều" in line
    assert "Đã xuất 1/2 tệp" in result.output


def test_render_into_an_unwritable_place_is_reported_per_file(runner, tmp_path):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["render", str(THCS), "--no-charts", "-o", str(tmp_path / "a-file" / "x.docx")])
    _no_traceback(result)
    assert result.exit_code == 1
    assert f"không ghi được {tmp_path / 'a-file' / 'x.docx'}: một phần của đường dẫn là tệp" in result.output
