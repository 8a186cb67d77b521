"""The ``chibo`` command: a thin layer over the core.

Exit codes: 0 done, 1 the file has errors (lỗi), 2 wrong usage.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

from . import __version__
from .labels import SchoolLevel
from .loader import Loaded, attach_lines, load_file
from .model import Report
from .problems import Severity, errors
from .profiles import DEFAULT_PROFILE, ProfileError, load_profile
from .report import check_report, render_report
from .starter import starter_yaml

LEVELS = [level.value for level in SchoolLevel]


def _echo_problems(path: str, problems) -> None:
    for p in problems:
        where = f"{path}:{p.line}" if p.line else path
        colour = "red" if p.severity is Severity.ERROR else "yellow"
        field = f" {p.path}" if p.path else ""
        click.echo(
            f"{where}:{field} " + click.style(f"[{p.severity.value}]", fg=colour) + f" {p.message}"
        )


def _load_and_check(path: str) -> tuple[Loaded, list]:
    loaded = load_file(path)
    if loaded.report is None:
        return loaded, loaded.problems
    problems = attach_lines(check_report(loaded.report), loaded.lines)
    return loaded, problems


def _summary(problems) -> str:
    n_errors = len(errors(problems))
    n_warnings = len(problems) - n_errors
    if not n_errors:
        return "Không có lỗi" + (f" ({n_warnings} cảnh báo)." if n_warnings else ".")
    return f"Có {n_errors} lỗi" + (f", {n_warnings} cảnh báo." if n_warnings else ".")


def _write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target and rename: a failed write never leaves half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chibo")
def cli() -> None:
    """chibo: báo cáo tổng kết công tác xây dựng Đảng của chi bộ trường học."""


@cli.command()
@click.option("--year", "-y", type=click.IntRange(2000, 2100), required=True, help="Năm báo cáo N.")
@click.option(
    "--level",
    "-l",
    type=click.Choice(LEVELS),
    default=SchoolLevel.LOWER_SECONDARY.value,
    show_default=True,
    help="Cấp học của trường.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Tệp YAML sẽ tạo (mặc định: in ra màn hình).")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
def init(year: int, level: str, output: str | None, force: bool) -> None:
    """Tạo tệp số liệu mẫu: đủ mọi mục, có chú thích tiếng Việt."""
    name = Path(output).name if output else "bao-cao.yaml"
    text = starter_yaml(year, SchoolLevel(level), name)
    if not output:
        click.echo(text, nl=False)
        return
    target = Path(output)
    if target.exists() and not force:
        raise click.UsageError(
            f"Tệp {target} đã có; chibo không ghi đè để khỏi mất số liệu. "
            "Chọn tên khác, hoặc thêm --force nếu chắc chắn."
        )
    _write_atomically(target, text.encode("utf-8"))
    click.echo(f"Đã tạo {target}. Điền số liệu rồi chạy: chibo check {target}")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def check(files: tuple[str, ...]) -> None:
    """Kiểm tra tệp số liệu: liệt kê mọi lỗi và cảnh báo."""
    failed = False
    for path in files:
        _, problems = _load_and_check(path)
        _echo_problems(path, problems)
        click.echo(f"{path}: {_summary(problems)}")
        failed |= bool(errors(problems))
    sys.exit(1 if failed else 0)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--output", "-o", type=click.Path(dir_okay=False), required=True, help="Tệp .docx sẽ tạo.")
@click.option(
    "--profile",
    default=DEFAULT_PROFILE,
    show_default=True,
    help="Thể thức trình bày: tên có sẵn hoặc đường dẫn tệp .toml.",
)
def render(file: str, output: str, profile: str) -> None:
    """Xuất báo cáo ra DOCX đúng thể thức (không xuất nếu còn lỗi)."""
    target = Path(output)
    if target.suffix.lower() != ".docx":
        raise click.UsageError(f"Chưa hỗ trợ định dạng «{target.suffix or target.name}»: hãy đặt tên tệp kết quả .docx.")
    try:
        chosen = load_profile(profile)
    except ProfileError as exc:
        raise click.UsageError(str(exc)) from None
    loaded, problems = _load_and_check(file)
    _echo_problems(file, problems)
    if loaded.report is None or errors(problems):
        click.echo(f"{file}: {_summary(problems)} Chưa xuất báo cáo: hãy sửa các lỗi trên.", err=True)
        sys.exit(1)
    _write_atomically(target, render_report(loaded.report, chosen))
    click.echo(f"Đã xuất {target}.")


@cli.command()
def schema() -> None:
    """In JSON Schema của tệp số liệu (nhãn tiếng Việt ở «title»)."""
    click.echo(json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    cli(prog_name="chibo")
