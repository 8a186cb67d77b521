"""A report as the YAML file the CLI reads: downloaded, and uploaded back.

An upload is checked whole before anything is saved: its size and name, UTF-8,
YAML read by chibo.loader (libyaml, bounded), then the model's shape. A file of
the right shape is saved as one new version even when the report's rules still
find lỗi (it is a draft; the editor lists them); a field left out is a field
not yet filled. The file's year and cell must be the report's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone

from chibo.loader import parse_text, validate
from chibo.problems import Severity
from chibo.roster_file import mask, masked
from chibo.writer import report_yaml

from . import access, cycle, save
from . import versions as commits
from .archive import content_disposition, safe_name
from .editor import STEP_KEYS, get
from .models import Report

# A report is at most 1 MB as stored (save.MAX_REPORT_BYTES); its YAML is a little larger.
# Reading 0.37 MB (2,000 members) takes 0.3 s, so a refusal near the cap stays under a second.
MAX_UPLOAD_BYTES = 1_200_000
_MASKED = re.compile(r"[0-9]{4}\*+[0-9]{2}\Z")


@dataclass
class Trouble:
    line: int | None
    message: str


def _stem(report: Report) -> str:
    return f"{report.year} - {report.cell.name}"


@login_required
def download(request, pk: int):
    report = access.report_for(request.user, pk)
    when = timezone.localtime(report.updated_at).strftime("%H:%M %d/%m/%Y")
    comments = [
        f"Báo cáo tổng kết công tác xây dựng Đảng năm {report.year} – {report.cell.name}",
        f"Tải từ chibo: phiên bản {report.version}, lưu lúc {when} ({report.get_status_display()}).",
        "Số định danh cá nhân được che; tải tệp này lên lại thì chibo giữ số đã lưu.",
        "Kiểm tra: chibo check TỆP     Xuất báo cáo: chibo render TỆP -o bao-cao.docx",
        "Sửa xong, tải lên lại ở trang «Tệp YAML» của báo cáo (khi báo cáo còn là bản nháp hoặc bị trả lại).",
    ]
    text = report_yaml(masked(save.repair(report.data)), comments)
    response = HttpResponse(text.encode("utf-8"), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = content_disposition(safe_name(_stem(report), "yaml"))
    return response


@login_required
def page(request, pk: int):
    """GET: the page with the download and the upload form; POST: an upload."""
    report = access.report_for(request.user, pk)
    writable = access.can_edit(request.user, report)
    context = {"report": report, "writable": writable, "frozen_reason": "", "troubles": [], "filename": ""}
    if cycle.is_frozen(report):
        context["frozen_reason"] = cycle.frozen_reason(report)
    if request.method != "POST":
        return render(request, "chibo/yaml.html", context)
    if not access.can_write(request.user, report):
        return HttpResponseForbidden("Bạn chỉ được xem báo cáo này, không được tải tệp lên.")
    if cycle.is_frozen(report):
        context["troubles"] = [Trouble(None, f"Chưa tải lên: {cycle.frozen_reason(report)}")]
        return render(request, "chibo/yaml.html", context, status=409)
    upload = request.FILES.get("file")
    data, troubles = _read(upload, report)
    context["filename"] = upload.name[:100] if upload is not None else ""
    if troubles:
        context["troubles"] = troubles
        return render(request, "chibo/yaml.html", context, status=400)
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if cycle.is_frozen(current):  # submitted while the file was being read
            context["troubles"] = [Trouble(None, f"Chưa tải lên: {cycle.frozen_reason(current)}")]
            return render(request, "chibo/yaml.html", context, status=409)
        data = _keep_identity_numbers(data, save.repair(current.data))
        if data == current.data:
            messages.info(request, "Tệp giống hệt báo cáo đang lưu; không có gì thay đổi.")
            return redirect("report_step", pk=report.pk, step=STEP_KEYS[0])
        commits.commit(current, data, request.user, note=f"Tải lên tệp {context['filename']}")
    messages.success(request, f"Đã tải lên tệp {context['filename']} (lưu thành phiên bản {current.version}). "
                              "Các lỗi còn lại, nếu có, được ghi cạnh từng ô.")
    return redirect("report_step", pk=report.pk, step=STEP_KEYS[0])


def _read(upload, report: Report) -> tuple[dict | None, list[Trouble]]:
    if upload is None:
        return None, [Trouble(None, "Chưa chọn tệp. Hãy bấm «Chọn tệp», chọn tệp .yaml rồi bấm «Tải lên».")]
    if not upload.name.lower().endswith((".yaml", ".yml")):
        return None, [Trouble(None, f"Tệp «{upload.name[:60]}» không phải tệp YAML (.yaml). Ở đây chỉ nhận tệp báo cáo "
                                    "dạng YAML (tải về ở trên, hoặc tạo bằng «chibo init»); danh sách đảng viên dạng "
                                    "Excel được nhập ở bước Đảng viên.")]
    if upload.size > MAX_UPLOAD_BYTES:
        size, cap = (f"{n / 1e6:.1f}".replace(".", ",") for n in (upload.size, MAX_UPLOAD_BYTES))
        return None, [Trouble(None, f"Tệp lớn {size} MB, tối đa {cap} MB. Một báo cáo, kể "
                                    "cả danh sách vài nghìn đảng viên, chỉ cần dưới 1 MB: hãy kiểm tra đúng tệp chưa.")]
    raw = upload.read(MAX_UPLOAD_BYTES + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Trouble(None, "Tệp không ở mã UTF-8 (có thể là tệp Word hoặc mã TCVN3/VNI). Hãy lưu lại dưới "
                                    "dạng văn bản thuần, mã Unicode UTF-8, rồi tải lên lại.")]
    loaded = parse_text(text, f"Tệp {upload.name[:60]}")
    if loaded.data is None:
        return None, [Trouble(p.line, _said(p)) for p in loaded.problems]
    data = save.repair(loaded.data)  # a line break in a one-line field: a space, as the editor would save it
    troubles = _belongs(data, report, loaded.lines)
    data = _keep_identity_numbers(data, save.repair(report.data))
    troubles += _unknown_masked(data, loaded.lines)
    checked = validate(data, loaded.lines)
    # Left out or empty is a field not yet filled (a draft); anything else is the wrong shape.
    troubles += [Trouble(p.line, _said(p)) for p in checked.problems
                 if p.severity is Severity.ERROR and p.path and get(data, p.path) is not None]
    if troubles:
        return None, sorted(troubles, key=lambda t: t.line or 0)
    data["year"] = report.year
    if save._size(data) > save.MAX_REPORT_BYTES:
        return None, [Trouble(None, "Báo cáo trong tệp quá lớn (hơn 1 MB khi lưu). Hãy rút gọn các đoạn văn dài.")]
    return data, []


def _said(problem) -> str:
    hint = getattr(problem, "hint", "")
    return f"{problem.message} {hint}".strip()


def _fold(text: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def _belongs(data: dict, report: Report, lines: dict[str, int]) -> list[Trouble]:
    """The file's year and cell, when written, must be this report's."""
    troubles = []
    year = data.get("year")
    if year is not None and str(year).strip() != str(report.year):
        troubles.append(Trouble(lines.get("year"), (
            f"Tệp là báo cáo năm {str(year)[:10]}, còn đây là báo cáo năm {report.year}. Hãy tải tệp lên đúng báo "
            f"cáo năm đó, hoặc sửa dòng «year:» thành {report.year}.")))
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    name = meta.get("cell_name")
    if isinstance(name, str) and name.strip() and _fold(name) != _fold(report.cell.name):
        troubles.append(Trouble(lines.get("meta.cell_name"), (
            f"Tệp là báo cáo của «{name[:80]}», còn đây là báo cáo của «{report.cell.name}». Hãy tải tệp lên "
            f"báo cáo của đúng chi bộ, hoặc sửa dòng «cell_name:» thành «{report.cell.name}».")))
    return troubles


def _roster(data: dict) -> list:
    members = data.get("members") if isinstance(data, dict) else None
    roster = members.get("roster") if isinstance(members, dict) else None
    return roster if isinstance(roster, list) else []


def _keep_identity_numbers(data: dict, stored: dict) -> dict:
    """A masked number that came back from a download stands for the stored one (same member name)."""
    known = {
        (_fold(m.get("name", "")), mask(m["identity_number"])): m["identity_number"]
        for m in _roster(stored)
        if isinstance(m, dict) and isinstance(m.get("identity_number"), str)
    }
    for member in _roster(data):
        if isinstance(member, dict) and isinstance(member.get("identity_number"), str):
            number = member["identity_number"].strip()
            if _MASKED.match(number):
                member["identity_number"] = known.get((_fold(member.get("name", "")), number), number)
    return data


def _unknown_masked(data: dict, lines: dict[str, int]) -> list[Trouble]:
    return [
        Trouble(lines.get(f"members.roster[{i}].identity_number"), (
            f"Số định danh của «{str(m.get('name', ''))[:60]}» là số đã che ({m['identity_number']}); chibo không "
            "biết số đầy đủ. Hãy ghi đủ 12 chữ số, hoặc xóa dòng «identity_number:» đó."))
        for i, m in enumerate(_roster(data))
        if isinstance(m, dict) and isinstance(m.get("identity_number"), str) and _MASKED.match(m["identity_number"])
    ]
