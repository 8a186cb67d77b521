"""The office's year page "Tổng hợp năm N" and its exports (XLSX, ZIP, summary DOCX).

One row per cell of the đảng bộ. Figures come from each report's stored summary
(chibo.consolidate.summarize, kept per version in Report.summary); the page
recomputes only the stale ones and never loads the data of the others. Totals
count submitted and approved reports only. The page, the XLSX and the summary
DOCX all render the same Consolidation, so they agree.
"""

from __future__ import annotations

import datetime
import json
import logging
from html import escape  # the standard library's: Django's lazy-aware one costs more per call
from dataclasses import dataclass, replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from chibo.consolidate import DEFAULT_DECIMALS, SUMMARY_SCHEMA, Block, Column, Consolidation, Row, consolidate, summarize
from chibo.labels import SchoolLevel
from chibo.render.pdf import PdfError
from chibo.textcache import TextCache
from chibo.vietnamese import collation_key, format_decimal, format_int

from . import access, archive, cycle
from .editor import STEP_KEYS
from .forms import OfficeDetailsForm
from .models import Cell, Organisation, Report, Status, SubmittedFile

_log = logging.getLogger("chibo.web")

COUNTED = (Status.SUBMITTED, Status.APPROVED)
NO_REPORT = "Chưa có báo cáo"
FIRST_YEAR, LAST_YEAR = 2000, 2100  # as NewReportForm accepts
# Status filter values in the URL (?trang-thai=…), Vietnamese like the other URLs.
STATUS_SLUGS = {
    "nhap": Status.DRAFT,
    "da-nop": Status.SUBMITTED,
    "tra-lai": Status.RETURNED,
    "da-duyet": Status.APPROVED,
    "chua-co": None,
}
LEVEL_VALUES = {level.value for level in SchoolLevel}
# The overview block's own columns (status, dates, problems), sortable like the others.
OVERVIEW = "overview"


# --- summaries --------------------------------------------------------------------------


def is_fresh(report: Report) -> bool:
    summary = report.summary
    return (
        isinstance(summary, dict)
        and summary.get("schema") == SUMMARY_SCHEMA
        and report.summary_version == report.version
    )


def refresh_stale(reports: list[Report]) -> int:
    """Recompute and store the summaries that are missing, of an older version or of
    another schema; loads the data of those reports only. Returns how many."""
    stale = {r.pk: r for r in reports if not is_fresh(r)}
    if not stale:
        return 0
    for loaded in Report.objects.filter(pk__in=stale).only("id", "year", "version", "data"):
        try:
            cycle.refresh_summary(loaded)  # stored only if no save came in between
        except Exception:  # one odd report must not take the office's page down
            _log.exception("report %s: summary not computed", loaded.pk)
            continue
        target = stale[loaded.pk]
        target.summary, target.summary_version, target.version = loaded.summary, loaded.version, loaded.version
    return len(stale)


# --- who and which year -------------------------------------------------------------------


def _organisation(request) -> Organisation | None:
    """The office's own đảng bộ; a superuser names one (?dang-bo=ID) or gets None to choose."""
    m = access.membership(request.user)
    if m is not None and m.role == m.OFFICE:
        return m.organisation
    if not request.user.is_superuser:
        raise Http404()
    raw = request.GET.get("dang-bo", "")
    if raw.isdigit() and len(raw) < 10:
        found = Organisation.objects.filter(pk=int(raw)).first()
        if found is not None:
            return found
        raise Http404("Không có đảng bộ này.")
    only = list(Organisation.objects.all()[:2])
    return only[0] if len(only) == 1 else None


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("Năm không hợp lệ.")
    return year


def summary_years(organisation: Organisation, deadlines: dict | None = None) -> list[int]:
    """Years the office may want to total: those with a report or a deadline, and this year."""
    years = set(Report.objects.filter(cell__organisation=organisation).values_list("year", flat=True).distinct())
    years |= set(deadlines or ()) | {timezone.localdate().year}
    return sorted(years, reverse=True)


# --- the rows and the consolidation ------------------------------------------------------


@dataclass
class Filters:
    status: str | None = None  # a STATUS_SLUGS key
    level: str | None = None  # a SchoolLevel value
    sort: str = ""  # "block:column" or an OVERVIEW column, "-" first for descending
    ignored: tuple[str, ...] = ()
    organisation: int | None = None  # a superuser's ?dang-bo=, kept in every link

    @classmethod
    def from_query(cls, query) -> Filters:
        ignored = []
        status = query.get("trang-thai") or None
        if status is not None and status not in STATUS_SLUGS:
            ignored.append("trạng thái")
            status = None
        level = query.get("cap-hoc") or None
        if level is not None and level not in LEVEL_VALUES:
            ignored.append("cấp học")
            level = None
        sort = query.get("sap-xep", "")
        if len(sort) > 80:
            sort = ""
        return cls(status, level, sort, tuple(ignored))

    def query(self, **change) -> str:
        """This URL's query string with some values changed (None drops one)."""
        from urllib.parse import urlencode

        values = {"dang-bo": self.organisation, "trang-thai": self.status, "cap-hoc": self.level,
                  "sap-xep": self.sort or None}
        values.update(change)
        encoded = urlencode({k: v for k, v in values.items() if v})
        return f"?{encoded}" if encoded else ""


@dataclass
class YearView:
    organisation: Organisation
    year: int
    consolidation: Consolidation
    blocks: list[Block]
    shown: int  # cells shown
    counted: int  # of them, reports that count in the totals
    due: datetime.date | None
    overdue: int
    sort: str


def _empty_row(year: int) -> dict:
    return summarize({"year": year}, year=year)


# Stored summaries decoded once per process: the same text is read on every request of the
# page, and decoding 600 of them was a fifth of its time. Shared: read only. Keyed by the
# text's digest, so a summary stored anew is read anew and the texts themselves are not kept.
_decoded_summaries = TextCache(2048)  # a few đảng bộ's two years of 300 cells (about 10 KB each)


def _decoded(text: str):
    return _decoded_summaries.get(text, json.loads)


def _listed(organisation: Organisation, year: int):
    """Reports of the year and the year before, without their data (summaries instead)."""
    reports = list(
        Report.objects.filter(cell__organisation=organisation, year__in=(year, year - 1))
        .only("id", "cell_id", "year", "version", "status", "submitted_at", "summary_version")
        .annotate(summary_text=Cast("summary", TextField()))  # the JSON as stored, decoded below
    )
    for r in reports:
        r.summary = None if r.summary_text is None else _decoded(r.summary_text)
    return reports


def year_view(organisation: Organisation, year: int, filters: Filters) -> YearView:
    cells = sorted(Cell.objects.filter(organisation=organisation).only("id", "name", "school_level"),
                   key=lambda c: collation_key(c.name))  # databases order "Đ" after "Z"
    reports = _listed(organisation, year)
    refresh_stale(reports)
    this_year = {r.cell_id: r for r in reports if r.year == year}
    before = {r.cell_id: r for r in reports if r.year == year - 1}
    due = cycle.deadlines(organisation.pk).get(year)
    empty = None
    rows, last_rows = [], []
    overdue_count = 0
    for cell in cells:
        if filters.level and cell.school_level != filters.level:
            continue
        report = this_year.get(cell.pk)
        status = report.status if report else None
        if filters.status and STATUS_SLUGS[filters.status] != status:
            continue
        summarized = report is not None and isinstance(report.summary, dict)
        if summarized:
            row = dict(report.summary)
        else:
            empty = empty or _empty_row(year)
            row = dict(empty)
        late = cycle.overdue(status, due)
        overdue_count += late
        row.update(
            cell_name=cell.name,
            school_level=cell.school_level,
            counted=status in COUNTED,
            status=status,
            status_label=Status(status).label if status else NO_REPORT,
            submitted_at=report.submitted_at if report and status in COUNTED else None,
            report_id=report.pk if report else None,
            overdue=late,
            errors=row.get("errors") if summarized else None,
            warnings=row.get("warnings") if summarized else None,
        )
        rows.append(row)
        last = before.get(cell.pk)
        if last is not None and last.status in COUNTED and isinstance(last.summary, dict):
            last_rows.append({**last.summary, "counted": True})
    result = consolidate(rows, year=year, organisation=organisation.name, last_year=last_rows)
    blocks = [_overview(result)] + result.blocks()
    sort = filters.sort
    values = _sort_values(blocks, rows, sort.removeprefix("-")) if sort else None
    if values is None:
        sort = ""  # unknown column: by name, as listed
    elif sort.removeprefix("-") != "name" or sort.startswith("-"):
        rows = _sorted(rows, values, sort.startswith("-"))
        result = replace(result, rows=rows)  # the same totals: sums and shares do not depend on order
        blocks = [_overview(result)] + result.blocks()
    return YearView(organisation, year, result, blocks, len(rows), len(result.counted), due, overdue_count, sort)


def _overview(result: Consolidation) -> Block:
    """Status, submission date and problem counts: the office's first look at each cell."""
    columns = [
        Column("status", "Trạng thái", "text"),
        Column("submitted", "Ngày nộp", "date"),
        Column("errors", "Số lỗi", "count"),
        Column("warnings", "Số cảnh báo", "count"),
    ]
    rows = []
    for r in result.rows:
        submitted = timezone.localtime(r["submitted_at"]).date() if r["submitted_at"] else None
        status = r["status_label"] + (" – quá hạn" if r["overdue"] else "")
        rows.append(Row(r["cell_name"], [status, submitted, r["errors"], r["warnings"]], "cell", r["school_level"]))
    totals = [Row("Tổng cộng", [f"{len(result.counted)}/{len(result.rows)} đã nộp", None,
                                sum(r["errors"] or 0 for r in result.counted),
                                sum(r["warnings"] or 0 for r in result.counted)], "total")]
    return Block(OVERVIEW, "Tình hình nộp báo cáo", columns, rows, totals, short="Tình hình nộp")


_STATUS_ORDER = {None: 0, Status.DRAFT: 1, Status.RETURNED: 2, Status.SUBMITTED: 3, Status.APPROVED: 4}


def _sort_values(blocks: list[Block], rows: list[dict], key: str) -> dict[str, object] | None:
    """Cell name → the value it sorts by (None: empty, always last); None for an unknown key.
    Numbers compare as numbers, status in lifecycle order, dates as dates."""
    if key == "name":
        return {r["cell_name"]: collation_key(r["cell_name"]) for r in rows}
    if key == "status":
        return {r["cell_name"]: _STATUS_ORDER[r["status"]] for r in rows}
    if key == "submitted":
        return {r["cell_name"]: r["submitted_at"] for r in rows}
    block_key, _, column_key = key.partition(":")
    block = next((b for b in blocks if b.key == (block_key if column_key else OVERVIEW)), None)
    column_key = column_key or block_key
    if block is None or block.key == "cell_levels":
        return None
    index = next((i for i, c in enumerate(block.columns) if c.key == column_key), None)
    if index is None:
        return None
    text = block.columns[index].kind == "text"
    return {
        row.label: (collation_key(str(row.values[index])) if text else row.values[index])
        for row in block.rows
        if row.values[index] not in (None, "")
    }


def _sorted(rows: list[dict], values: dict[str, object], descending: bool) -> list[dict]:
    present = [r for r in rows if values.get(r["cell_name"]) is not None]
    present.sort(key=lambda r: values[r["cell_name"]], reverse=descending)
    return present + [r for r in rows if values.get(r["cell_name"]) is None]


# --- showing values -------------------------------------------------------------------


def shown(value, kind: str, row_kind: str = "cell", decimals: int = DEFAULT_DECIMALS) -> str:
    """A value in Vietnamese format, as the page shows it; "—" for a figure not given."""
    if value is None:
        return "—" if kind in ("count", "percent") else ""
    if kind == "text" or isinstance(value, str):
        return str(value)
    if kind == "date":
        return value.strftime("%d/%m/%Y")
    if kind == "percent":
        text = format_decimal(value, decimals)
    else:
        text = format_int(int(value))
    if row_kind == "change" and value > 0:
        text = "+" + text
    return text


def _table(block: Block, filters: Filters, links: dict[str, str], decimals: int) -> dict:
    """A block as the template walks it: header rows with spans, body rows of shown values."""
    groups, i = [], 0
    grouped = any(c.group for c in block.columns)
    while i < len(block.columns):
        group = block.columns[i].group
        j = i
        while group and j + 1 < len(block.columns) and block.columns[j + 1].group == group:
            j += 1
        groups.append({"label": group, "span": j - i + 1, "column": None if group else block.columns[i]})
        i = j + 1
    sortable = block.key != "cell_levels"

    def sort_link(key):
        current = filters.sort
        value = f"-{key}" if current == key else key
        state = "ascending" if current == key else "descending" if current == f"-{key}" else None
        return {"href": filters.query(**{"sap-xep": value}), "state": state}

    columns = []
    for c in block.columns:
        key = c.key if block.key == OVERVIEW else f"{block.key}:{c.key}"
        columns.append({"label": c.label, "kind": c.kind, "grouped": bool(c.group),
                        "sort": sort_link(key) if sortable else None})
    return {
        "key": block.key,
        "title": block.title,
        "note": block.note,
        "row_label": block.row_label,
        "name_sort": sort_link("name") if sortable and block.key == OVERVIEW else None,
        "grouped": grouped,
        "groups": groups,
        "columns": columns,
        "body": _body(block, links, decimals),
    }


def _body(block: Block, links: dict[str, str], decimals: int) -> str:
    """The table's rows as HTML, built here: 300 cells × 60 columns through template tags
    took most of the page's time."""
    out = []
    overview = block.key == OVERVIEW
    kinds = [c.kind for c in block.columns]
    # A column of changes (cells at each level: this year against last) is signed like a change row.
    signed = [c.key == "change" for c in block.columns]
    for row in [*block.rows, *block.totals]:
        label = escape(row.label)
        href = links.get(row.label) if overview and row.kind == "cell" else None
        if href:
            label = f'<a href="{escape(href)}">{label}</a>'
        out.append(f'<tr class="row-{row.kind}"><th scope="row" class="sticky">{label}</th>')
        for value, kind, change in zip(row.values, kinds, signed):
            text = shown(value, kind, "change" if change else row.kind, decimals)
            if kind == "text":
                out.append(f'<td class="text">{escape(text).replace(chr(10), "<br>")}</td>')
            else:
                out.append(f'<td class="num">{text}</td>')  # digits, dots, commas, a sign
        out.append("</tr>")
    if not block.rows and not block.totals:
        out.append(f'<tr><td colspan="{len(kinds) + 1}">Không có chi bộ nào.</td></tr>')
    return mark_safe("".join(out))  # noqa: S308 -- every text above is escaped


# --- views -------------------------------------------------------------------------------


def _choose(request, year: int):
    organisations = Organisation.objects.order_by("name").only("id", "name")
    return render(request, "chibo/year.html", {"year": year, "choose": organisations})


@login_required
def year_page(request, year: int):
    year = _year(year)
    organisation = _organisation(request)
    if organisation is None:
        return _choose(request, year)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    details = OfficeDetailsForm(instance=organisation)
    if request.method == "POST":
        details = OfficeDetailsForm(request.POST, instance=organisation)
        if details.is_valid():
            details.save()
            messages.success(request, "Đã lưu thông tin của đảng ủy cho báo cáo tổng hợp.")
            return redirect(request.get_full_path())
    filters = Filters.from_query(request.GET)
    if filters.ignored:
        messages.warning(request, f"Bộ lọc {', '.join(filters.ignored)} không hợp lệ nên đã bỏ qua.")
    view = year_view(organisation, year, filters)
    filters.sort = view.sort
    if not access.is_office(request.user):
        filters.organisation = organisation.pk
    links = {
        r["cell_name"]: reverse("report_step", args=[r["report_id"], STEP_KEYS[0]])
        for r in view.consolidation.rows if r["report_id"]
    }
    superuser_query = {"dang-bo": organisation.pk} if not access.is_office(request.user) else {}
    return render(
        request,
        "chibo/year.html",
        {
            "view": view,
            "year": year,
            "organisation": organisation,
            "tables": [_table(b, filters, links, view.consolidation.decimals) for b in view.blocks],
            "filters": filters,
            "statuses": [(slug, Status(s).label if s else NO_REPORT) for slug, s in STATUS_SLUGS.items()],
            "levels": [(level.value, level.label) for level in SchoolLevel],
            "query": filters.query(),
            "number_max": NUMBER_MAX,
            "extra": superuser_query,
            "details": details,
            "has_last_year": view.consolidation.last_year is not None,
        },
    )


def _export_name(organisation: Organisation, year: int, what: str, ext: str) -> str:
    return archive.safe_name(f"{year} - {what} - {organisation.name}", ext)


NUMBER_MAX = 20  # "Số 12-BC/ĐU": the summary's number, typed when it is downloaded
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_safe
def year_export(request, year: int, fmt: str):
    year = _year(year)
    organisation = _organisation(request)
    if organisation is None or fmt not in ("xlsx", "zip", "docx"):
        raise Http404()
    filters = Filters.from_query(request.GET)
    if fmt == "zip":
        return _zip(organisation, year, filters)
    number = " ".join(request.GET.get("so", "").split())
    if len(number) > NUMBER_MAX or not number.isprintable():
        return HttpResponse(
            f"«Số báo cáo» dài quá {NUMBER_MAX} ký tự hoặc có ký tự không in được: hãy ghi lại, ví dụ 12.",
            status=400, content_type="text/plain; charset=utf-8",
        )
    view = year_view(organisation, year, filters)
    if fmt == "xlsx":
        from chibo.render.to_xlsx import render_xlsx

        data = render_xlsx(view.blocks, title=view.consolidation.title, percent_decimals=view.consolidation.decimals)
        response = HttpResponse(data, content_type=XLSX_TYPE)
        name = _export_name(organisation, year, "Tổng hợp", "xlsx")
    else:
        from chibo.summary import Office, render_summary_docx

        office = Office(
            party_committee=organisation.name,
            superior=organisation.superior,
            place=organisation.place,
            date=timezone.localdate(),
            signer_name=organisation.signer_name,
            number=number or None,
        )
        # The summary lists only the reports that count (chibo.summary leaves drafts out).
        response = HttpResponse(render_summary_docx(view.consolidation, office), content_type=DOCX_TYPE)
        name = _export_name(organisation, year, "Báo cáo tổng hợp", "docx")
    response["Content-Disposition"] = archive.content_disposition(name)
    return response


def _zip(organisation: Organisation, year: int, filters: Filters):
    """Every submitted and approved report of the year, its kept DOCX and PDF, streamed."""
    cells = {c.pk: c for c in Cell.objects.filter(organisation=organisation).only("id", "name", "school_level")}
    reports = [
        r for r in Report.objects.filter(cell__in=list(cells), year=year, status__in=COUNTED)
        .only("id", "cell_id", "year", "version", "status", "submitted_at", "submitted_version")
        if (not filters.level or cells[r.cell_id].school_level == filters.level)
        and (not filters.status or STATUS_SLUGS[filters.status] == r.status)
    ]
    reports.sort(key=lambda r: collation_key(cells[r.cell_id].name))
    for r in reports:
        r.submitted_version = r.submitted_version or r.version
    files = {
        (report_id, kind): (pk, version)
        for pk, report_id, kind, version in SubmittedFile.objects.filter(report__in=reports)
        .values_list("id", "report_id", "kind", "version")
    }
    by_id = {r.pk: r for r in reports}
    found = {key: pk for key, (pk, version) in files.items() if by_id[key[0]].submitted_version == version}
    missing_pdf = []
    for r in reports:
        for kind in (SubmittedFile.DOCX, SubmittedFile.PDF):
            if (r.pk, kind) in found:
                continue
            # Submitted before files were kept: made now, once, and kept for next time.
            full = Report.objects.get(pk=r.pk)
            full.submitted_version = r.submitted_version
            try:
                cycle.stored_file(full, kind)
            except (PdfError, ValueError) as exc:
                _log.warning("report %s: %s not made for the ZIP: %s", r.pk, kind, exc)
                missing_pdf.append(cells[r.cell_id].name)
                continue
            found[(r.pk, kind)] = SubmittedFile.objects.get(report_id=r.pk, version=r.submitted_version, kind=kind).pk
    stems = [f"{year} - {cells[r.cell_id].name}" for r in reports]
    names = archive.unique_names(stems, "pdf")

    def members():
        for r, name in zip(reports, names):
            stem = name[: -len(".pdf")]
            when = timezone.localtime(r.submitted_at).timetuple()[:6] if r.submitted_at else (year, 12, 31, 0, 0, 0)
            for kind in (SubmittedFile.DOCX, SubmittedFile.PDF):
                pk = found.get((r.pk, kind))
                if pk is not None:
                    yield f"{stem}.{kind}", when, _loader(pk)
        if missing_pdf:
            note = "Chưa tạo được tệp của các báo cáo sau (thử tải lại sau ít phút):\n" + "\n".join(missing_pdf)
            yield "GHI CHU.txt", (year, 12, 31, 0, 0, 0), lambda: note.encode("utf-8")

    response = StreamingHttpResponse(archive.stream_zip(members()), content_type="application/zip")
    response["Content-Disposition"] = archive.content_disposition(
        _export_name(organisation, year, "Báo cáo các chi bộ", "zip")
    )
    return response


def _loader(pk: int):
    def load() -> bytes:
        return bytes(SubmittedFile.objects.filter(pk=pk).values_list("content", flat=True).get())

    return load
