"""The ``chibo`` command: a thin layer over the core.

Exit codes: 0 done, 1 the file has errors (lỗi), 2 wrong usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .labels import SchoolLevel
from .files import os_reason, write_atomically
from .loader import Loaded, attach_lines, load_file
from .model import Report
from .problems import Severity, errors
from .profiles import DEFAULT_PROFILE, ProfileError, load_profile
from .batch import FORMATS, Job, run_batch
from .render.layout import check_layout
from .report import check_report
from .spelling import mixed_tone_problem
from .starter import starter_yaml

LEVELS = [level.value for level in SchoolLevel]


def _echo_problems(path: str, problems) -> None:
    for p in problems:
        where = f"{path}:{p.line}" if p.line else path
        colour = "red" if p.severity is Severity.ERROR else "yellow"
        field = f" {p.path}" if p.path else ""
        click.echo(
            f"{where}:{field} " + click.style(f"[{p.severity.value}]", fg=colour) + f" {p.message}"
            + (f" {p.hint}" if p.hint else "")  # keys and codes: for people editing the file
        )


def _load_and_check(path: str) -> tuple[Loaded, list]:
    loaded = load_file(path)
    if loaded.report is None:
        return loaded, loaded.problems
    # Tone styles are seen in the text as typed: the model has made them one.
    problems = check_report(loaded.report) + mixed_tone_problem(loaded.data)
    return loaded, attach_lines(problems, loaded.lines)


def _summary(problems) -> str:
    n_errors = len(errors(problems))
    n_warnings = len(problems) - n_errors
    if not n_errors:
        return "Không có lỗi" + (f" ({n_warnings} cảnh báo)." if n_warnings else ".")
    return f"Có {n_errors} lỗi" + (f", {n_warnings} cảnh báo." if n_warnings else ".")


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
@click.option("--output", "-o", type=click.Path(), help="Tệp YAML sẽ tạo (mặc định: in ra màn hình).")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
def init(year: int, level: str, output: str | None, force: bool) -> None:
    """Tạo tệp số liệu mẫu: đủ mọi mục, có chú thích tiếng Việt."""
    name = Path(output).name if output else "bao-cao.yaml"
    if output and Path(output).is_dir():
        raise click.UsageError(
            f"{output} là một thư mục. Hãy cho -o là tên tệp, ví dụ -o {Path(output) / f'bao-cao-{year}.yaml'}."
        )
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
    try:
        write_atomically(target, text.encode("utf-8"))
    except OSError as exc:
        click.echo(
            f"Không ghi được {target}: {os_reason(exc)}. Hãy chọn chỗ ghi được, ví dụ thư mục hiện tại.",
            err=True,
        )
        sys.exit(1)
    click.echo(f"Đã tạo {target}. Điền số liệu rồi chạy: chibo check {target}")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())  # each file's own message
@click.option(
    "--layout",
    is_flag=True,
    help="Kiểm tra bản in: các tệp là PDF (khổ A4, lề, phần đầu, số trang, đề mục, chữ ký).",
)
@click.option("--profile", default=DEFAULT_PROFILE, show_default=True, help="Thể thức dùng để kiểm tra bản in.")
def check(files: tuple[str, ...], layout: bool, profile: str) -> None:
    """Kiểm tra tệp số liệu: liệt kê mọi lỗi và cảnh báo."""
    failed = False
    chosen = _profile(profile) if layout else None
    for path in files:
        if layout:
            problems = check_layout(path, chosen)
        else:
            _, problems = _load_and_check(path)
        _echo_problems(path, problems)
        click.echo(f"{path}: {_summary(problems)}")
        failed |= bool(errors(problems))
    sys.exit(1 if failed else 0)


def _profile(name: str):
    try:
        return load_profile(name)
    except ProfileError as exc:
        raise click.UsageError(str(exc)) from None


def _formats(value: str | None, output: Path, many: bool) -> tuple[list[str], bool]:
    """The formats asked for, and whether OUTPUT is a folder."""
    suffix = output.suffix.lower().lstrip(".")
    if value is None and not many and suffix in FORMATS:
        return [suffix], False
    names = [f.strip().lower() for f in (value or "docx").split(",") if f.strip()]
    unknown = [f for f in names if f not in FORMATS]
    if unknown or not names:
        raise click.UsageError(
            f"Không hỗ trợ định dạng «{', '.join(unknown) or value}»: chọn trong {', '.join(FORMATS)}."
        )
    if not many and len(names) == 1 and suffix == names[0]:
        return names, False
    if output.suffix and not output.is_dir():
        raise click.UsageError(
            f"Chưa hỗ trợ định dạng «{output.suffix}»: hãy đặt tên tệp kết quả .docx hoặc .pdf, "
            "hoặc cho -o là một thư mục khi xuất nhiều tệp, nhiều định dạng."
        )
    return list(dict.fromkeys(names)), True


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--output",
    "-o",
    type=click.Path(),
    required=True,
    help="Tệp .docx/.pdf sẽ tạo, hoặc thư mục khi xuất nhiều tệp.",
)
@click.option("--format", "-f", "formats", help="Định dạng, cách nhau bằng dấu phẩy: docx, pdf.")
@click.option("--no-charts", is_flag=True, help="Không chèn biểu đồ.")
@click.option(
    "--profile",
    default=DEFAULT_PROFILE,
    show_default=True,
    help="Thể thức trình bày: tên có sẵn hoặc đường dẫn tệp .toml.",
)
@click.option("--verbose", "-v", is_flag=True, help="In nhật ký từng lần chuyển PDF (thời gian, khởi động lại LibreOffice).")
def render(
    files: tuple[str, ...], output: str, formats: str | None, no_charts: bool, profile: str, verbose: bool
) -> None:
    """Xuất báo cáo ra DOCX, PDF (không xuất tệp còn lỗi; các tệp khác vẫn xuất)."""
    _cli_logging(verbose)
    out = Path(output)
    names, into_folder = _formats(formats, out, len(files) > 1)
    chosen = _profile(profile)
    jobs = [
        Job(Path(f), (out / f"{Path(f).stem}.{fmt}") if into_folder else out, fmt)
        for f in files
        for fmt in names
    ]
    many = len(files) > 1
    results = run_batch(
        jobs,
        profile=chosen,
        charts=not no_charts,
        progress=_progress if many else None,
        on_problems=lambda path, problems: _echo_problems(str(path), problems),
    )
    failed = [r for r in results if r.error]
    for r in results:
        if r.error:
            click.echo(f"{r.job.source}: {r.error}", err=True)
        elif not many:
            click.echo(f"Đã xuất {r.job.target}.")
    if many:
        done = len(results) - len(failed)
        click.echo(f"Đã xuất {done}/{len(results)} tệp vào {out}." + (f" {len(failed)} tệp không xuất được (xem trên)." if failed else ""))
    sys.exit(1 if failed else 0)


CONSOLIDATE_OUTPUTS = (".xlsx", ".docx")


def _yaml_files(paths: tuple[str, ...]) -> list[str]:
    """Files as given; a folder stands for its .yaml/.yml files."""
    found: list[str] = []
    for path in paths:
        folder = Path(path)
        if folder.is_dir():
            found += sorted(str(p) for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml"))
        else:
            found.append(path)
    return found


def _good_rows(paths: list[str], left_out: list[str]) -> list[tuple[str, dict]]:
    """Rows of the files that load and have no lỗi; the others are reported and noted."""
    from .consolidate import summarize_report

    rows = []
    for path in paths:
        loaded, problems = _load_and_check(path)
        bad = errors(problems)
        if loaded.report is None or bad:
            _echo_problems(path, bad)
            click.echo(f"{path}: bỏ qua, không tổng hợp ({_summary(problems)[:-1].lower()}).", err=True)
            left_out.append(path)
            continue
        rows.append((path, summarize_report(loaded.report)))
    return rows


def _one_value(rows: list[tuple[str, dict]], key: str, what: str, option: str):
    """The value every file gives (names compared regardless of case), or a usage error listing them."""
    by_value: dict = {}
    for path, row in rows:
        value = row[key]
        same = value.casefold() if isinstance(value, str) else value
        by_value.setdefault(same, (value, []))[1].append(path)
    if len(by_value) > 1:
        listed = "; ".join(f"{value}: {', '.join(paths)}" for value, paths in by_value.values())
        raise click.UsageError(f"Các tệp không cùng {what} ({listed}). Hãy chọn bằng {option}.")
    return next(iter(by_value.values()))[0]


def _drop(rows, keep, left_out: list[str], reason) -> list[tuple[str, dict]]:
    kept = []
    for path, row in rows:
        if keep(row):
            kept.append((path, row))
        else:
            click.echo(f"{path}: bỏ qua, không tổng hợp ({reason(row)}).", err=True)
            left_out.append(path)
    return kept


def _one_per_cell(rows, left_out: list[str]) -> list[tuple[str, dict]]:
    """A cell given twice (two versions of its report) counts once: the first file given."""
    first: dict[str, str] = {}
    kept = []
    for path, row in rows:
        name = row["cell_name"].casefold()
        if name in first:
            click.echo(f"{path}: bỏ qua, không tổng hợp ({row['cell_name']} đã có trong tệp {first[name]}).",
                       err=True)
            left_out.append(path)
            continue
        first[name] = path
        kept.append((path, row))
    return kept


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())  # each file's own message
@click.option("--output", "-o", type=click.Path(dir_okay=False), required=True,
              help="Tệp kết quả: .xlsx (bảng tính) hoặc .docx (báo cáo tổng hợp của đảng ủy).")
@click.option("--year", "-y", type=click.IntRange(2000, 2100),
              help="Năm tổng hợp (mặc định: năm của các tệp); tệp của năm khác bị bỏ qua.")
@click.option("--dang-bo", "organisation",
              help="Tên đảng bộ (mặc định: «Đảng bộ cấp trên» ghi trong các tệp, phải giống nhau).")
@click.option("--nam-truoc", "last_year", multiple=True, type=click.Path(),
              help="Báo cáo năm trước để so sánh: tệp hoặc thư mục; lặp lại được.")
@click.option("--cap-tren", "superior", help="DOCX: đảng bộ cấp trên của đảng ủy, ví dụ «Đảng bộ tỉnh Nghệ An».")
@click.option("--so", "number", help="DOCX: số báo cáo, chỉ ghi số (in ra: Số …-BC/ĐU).")
@click.option("--dia-danh", "place", help="DOCX: địa danh ghi trước ngày tháng.")
@click.option("--nguoi-ky", "signer_name", help="DOCX: họ tên người ký thay mặt đảng ủy.")
def consolidate(files: tuple[str, ...], output: str, year: int | None, organisation: str | None,
                last_year: tuple[str, ...], superior: str | None, number: str | None, place: str | None,
                signer_name: str | None) -> None:
    """Tổng hợp báo cáo của nhiều chi bộ: bảng tính XLSX hoặc báo cáo DOCX của đảng ủy.

    Tệp không đọc được hoặc còn lỗi được báo (tên tệp, dòng) và bỏ qua; các tệp khác vẫn được
    tổng hợp, mã thoát 1 nếu có tệp bị bỏ qua.
    """
    from .consolidate import consolidate as total

    target = Path(output)
    if target.suffix.lower() not in CONSOLIDATE_OUTPUTS:
        raise click.UsageError(
            f"Chưa hỗ trợ định dạng «{target.suffix or target.name}»: hãy đặt tên tệp kết quả .xlsx hoặc .docx."
        )
    left_out: list[str] = []
    rows = _good_rows(_yaml_files(files), left_out)
    if year is None and rows:
        year = _one_value(rows, "year", "năm báo cáo", "--year")
    rows = _drop(rows, lambda row: row["year"] == year, left_out,
                 lambda row: f"báo cáo năm {row['year']}, không phải năm {year}")
    if not rows:
        click.echo("Không có tệp nào tổng hợp được; chưa ghi tệp kết quả.", err=True)
        sys.exit(1)
    if organisation is None:
        organisation = _one_value(rows, "party_committee", "đảng bộ cấp trên", "--dang-bo")
    rows = _one_per_cell(rows, left_out)
    before = _good_rows(_yaml_files(last_year), left_out) if last_year else []
    before = _drop(before, lambda row: row["year"] == year - 1, left_out,
                   lambda row: f"báo cáo năm {row['year']}, không phải năm trước {year - 1}")
    before = _one_per_cell(before, left_out)
    result = total([row for _, row in rows], year=year, organisation=organisation,
                   last_year=[row for _, row in before])
    if target.suffix.lower() == ".xlsx":
        from .render.to_xlsx import render_xlsx

        data = render_xlsx(result.blocks(), title=result.title, percent_decimals=result.decimals)
    else:
        data = _summary_docx(result, superior=superior, number=number, place=place, signer_name=signer_name)
    try:
        write_atomically(target, data)
    except OSError as exc:
        click.echo(f"Không ghi được {target}: {os_reason(exc)}.", err=True)
        sys.exit(1)
    click.echo(f"Đã tổng hợp {len(rows)} chi bộ năm {year} vào {target}."
               + (f" {len(left_out)} tệp bị bỏ qua (xem trên)." if left_out else ""))
    sys.exit(1 if left_out else 0)


def _summary_docx(result, **office) -> bytes:
    """The đảng ủy's summary DOCX (chibo.summary); what is not given is left blank for the clerk."""
    from .summary import Office, render_summary_docx

    return render_summary_docx(result, Office(party_committee=result.organisation, **office))


def _cli_logging(verbose: bool) -> None:
    """chibo's log lines on stderr with -v; otherwise none (errors are reported in Vietnamese)."""
    import logging

    logger = logging.getLogger("chibo")
    if any(getattr(h, "chibo_cli", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler() if verbose else logging.NullHandler()
    handler.chibo_cli = True
    if verbose:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        logger.setLevel(logging.INFO)
    logger.addHandler(handler)


def _progress(total: int):
    return click.progressbar(length=total, label="Đang xuất", file=sys.stderr, show_pos=True)


def _django(data_dir: str | None = None) -> None:
    """Environment for the web app, then django.setup()."""
    import os
    import secrets

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chibo.web.settings")
    if data_dir:
        os.environ["CHIBO_DATA_DIR"] = data_dir
    folder = Path(os.environ.get("CHIBO_DATA_DIR", "chibo-data")).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    from .web import env  # the settings' own flag parser: both must agree on CHIBO_DEBUG

    try:
        debug = env.flag("CHIBO_DEBUG", False)
    except env.EnvError as exc:
        raise click.ClickException(str(exc)) from None
    if not os.environ.get("CHIBO_SECRET_KEY") and not debug:
        # A local installation keeps its own random key beside its database.
        key_file = folder / "secret-key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
            key_file.chmod(0o600)
        os.environ["CHIBO_SECRET_KEY"] = key_file.read_text(encoding="utf-8").strip()
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except (env.EnvError, ImproperlyConfigured) as exc:
        raise click.ClickException(str(exc)) from None


# A save is at most ~1 MB; without a cap waitress buffers up to 1 GB before Django looks.
MAX_REQUEST_BODY = 4 * 1024 * 1024


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _stop_on_signals() -> None:
    """SIGTERM and SIGINT end the server loop; the caller then closes LibreOffice."""
    import signal

    def stop(signum, frame):
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)  # a second signal must not cut the clean-up short
        raise SystemExit(0)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)


def _allow_open_files(connections: int) -> None:
    """Each connection may hold up to three files (socket, spooled body, output)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections * 3 + 200
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ lắng nghe.")
@click.option("--port", default=8000, show_default=True, type=int, help="Cổng.")
@click.option("--data-dir", type=click.Path(file_okay=False), help="Thư mục dữ liệu (mặc định ./chibo-data).")
@click.option(
    "--demo/--no-demo",
    default=None,
    help="Tạo đảng bộ mẫu nếu chưa có (mặc định: chỉ khi lắng nghe trên chính máy này, như 127.0.0.1).",
)
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 512), help="Số luồng xử lý yêu cầu.")
@click.option(
    "--connection-limit",
    default=1000,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Số kết nối mở cùng lúc tối đa (mỗi người dùng giữ một vài kết nối).",
)
@click.option(
    "--channel-timeout",
    default=120,  # above a reverse proxy's keep-alive (nginx: 60-75 s), so the proxy closes first
    show_default=True,
    type=click.IntRange(1, 3600),
    help="Số giây giữ một kết nối không hoạt động trước khi đóng.",
)
def serve(
    host: str,
    port: int,
    data_dir: str | None,
    demo: bool | None,
    threads: int,
    connection_limit: int,
    channel_timeout: int,
) -> None:
    """Chạy ứng dụng web (mặc định SQLite, đảng bộ mẫu) tại http://127.0.0.1:8000."""
    import logging
    import os

    _stop_on_signals()
    loopback = _is_loopback(host)
    if loopback:
        # Plain http on this machine only: cookies cannot be "secure" there.
        os.environ.setdefault("CHIBO_SECURE_COOKIES", "0")
    if demo is None:
        demo = loopback  # demo accounts with printed passwords only where nobody else can reach them
    _django(data_dir)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from waitress.server import create_server

    from .render.pdf import close_shared_converter
    from .web.demo import ensure_demo
    from .web.wsgi import application

    call_command("migrate", interactive=False, verbosity=0)
    if demo:
        created = ensure_demo()
        if created:
            click.echo("Đã tạo đảng bộ mẫu. Tài khoản (mật khẩu chỉ hiện lần này):")
            for username, role, password in created:
                click.echo(f"  {username:<15} {password:<14} {role}")
        else:
            click.echo("Đảng bộ mẫu đã có: vanphong, bithu.thcs, gopy.thcs, bithu.tieuhoc "
                       "(đặt lại mật khẩu: chibo manage changepassword TÊN).")
    elif not get_user_model().objects.exists():
        if not loopback:
            click.echo(f"Không tạo đảng bộ mẫu vì chibo lắng nghe trên {host}, "
                       "máy khác truy cập được (thêm --demo nếu vẫn muốn).")
        click.echo("Chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên: chibo manage createsuperuser")
    _allow_open_files(connection_limit)
    logging.basicConfig()  # as waitress.serve does; a no-op when LOGGING already set handlers
    try:
        server = create_server(
            application,
            host=host,
            port=port,
            threads=threads,
            connection_limit=connection_limit,
            channel_timeout=channel_timeout,
            max_request_body_size=MAX_REQUEST_BODY,
            asyncore_use_poll=True,  # select() fails past 1024 open files
            ident="chibo",
        )
    except OSError as exc:
        raise click.ClickException(f"Không mở được {host}:{port} để lắng nghe: {exc.strerror or exc}.") from None
    click.echo(f"chibo đang chạy tại http://{host}:{port}/  (Ctrl+C để dừng)")
    try:
        server.run()  # returns on SIGTERM or SIGINT, after the request threads finish
    finally:
        close_shared_converter()  # LibreOffice, its profile folder and pipes
    click.echo("Đã dừng chibo.")


@cli.command(context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Lệnh quản trị Django, ví dụ: chibo manage createsuperuser."""
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["chibo manage", *args])


@cli.command()
@click.option("--output", "-o", type=click.Path(), required=True, help="Tệp sao lưu sẽ tạo.")
@click.option("--data-dir", type=click.Path(file_okay=False), help="Thư mục dữ liệu (mặc định ./chibo-data).")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
def backup(output: str, data_dir: str | None, force: bool) -> None:
    """Sao lưu cơ sở dữ liệu của ứng dụng web (SQLite hoặc PostgreSQL theo DATABASE_URL) vào một tệp.

    Chạy được khi chibo serve đang chạy. Tệp chứa mật khẩu đã băm: hãy giữ kín.
    """
    _django(data_dir)
    from django.db import connections

    from .web.backup import BackupError, backup as make_backup

    try:
        kind = make_backup(connections["default"].settings_dict, Path(output), force=force)
    except BackupError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"Đã sao lưu cơ sở dữ liệu {kind} vào {output}. Khôi phục: chibo restore {output}")


@cli.command()
@click.argument("file", type=click.Path())
@click.option("--data-dir", type=click.Path(file_okay=False), help="Thư mục dữ liệu (mặc định ./chibo-data).")
@click.option("--force", is_flag=True, help="Thay cả khi cơ sở dữ liệu đang có dữ liệu.")
def restore(file: str, data_dir: str | None, force: bool) -> None:
    """Khôi phục cơ sở dữ liệu từ tệp do chibo backup tạo (thay toàn bộ dữ liệu hiện có).

    Dừng chibo serve trước khi khôi phục.
    """
    _django(data_dir)
    from django.db import connections

    from .web.backup import BackupError, restore as restore_backup

    try:
        kind = restore_backup(connections["default"], Path(file), force=force)
    except BackupError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"Đã khôi phục cơ sở dữ liệu {kind} từ {file}.")


@cli.command()
def schema() -> None:
    """In JSON Schema của tệp số liệu (nhãn tiếng Việt ở «title»)."""
    click.echo(json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    cli(prog_name="chibo")
