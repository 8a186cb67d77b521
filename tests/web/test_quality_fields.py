"""Phẩm chất and năng lực rated one by one (TT27, TT30) on the editor's Học sinh step: shown
per quality and level, saved, shown again, printed; an old single level still shown."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from web_data import ROOT, save

from chibo.loader import load_file
from chibo.web.models import Report, ReportVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def primary(cells, users):
    data = load_file(ROOT / "examples" / "tieu-hoc-2026.yaml").report.model_dump(
        mode="json", exclude_none=True, exclude_defaults=True)  # as the demo stores it
    report = Report.objects.create(cell=cells[1], year=2026, data=data, version=1, updated_by=users["other_secretary"])
    ReportVersion.objects.create(report=report, number=1, data=data, created_by=users["other_secretary"], note="Tạo mới")
    return report


def _step(client, report) -> str:
    response = client.get(reverse("report_step", args=[report.pk, "hoc-sinh"]))
    assert response.status_code == 200
    return response.content.decode()


def test_qualities_are_on_the_students_step_saved_reloaded_and_printed(login, primary, users):
    client = login(users["other_secretary"])
    page = _step(client, primary)
    assert "Đánh giá từng phẩm chất, năng lực – năm học này" in page
    assert 'name="students.qualities.the_chat.can_co_gang"' in page  # every quality of TT27, given or not
    assert 'name="students.last_year.qualities.yeu_nuoc.tot"' in page
    assert "Thể chất – Cần cố gắng" in page
    assert 'name="students.conduct.tot"' not in page  # TT27 has no single per-pupil level

    response = save(client, primary, primary.version, {
        "students.qualities.the_chat.tot": "600",
        "students.qualities.the_chat.dat": "80",
        "students.qualities.the_chat.can_co_gang": "4",
        "students.qualities.yeu_nuoc.dat": "31",  # 652 + 31 + 2 = 685: one too many
    })
    assert response.status_code == 200, response.content[:300]
    problems = {p["path"]: p for p in response.json()["problems"]}
    wrong = problems["students.qualities.yeu_nuoc"]
    assert wrong["severity"] == "lỗi" and "Phẩm chất «Yêu nước»: Tốt 652 + Đạt 31 + Cần cố gắng 2 = 685" in wrong["message"]
    assert "students.qualities.the_chat" not in problems
    # The figures beside the fields: each quality's levels and whether they add up.
    shown = {q["label"]: q for q in response.json()["figures"]["students"]["qualities"]}
    assert shown["Yêu nước"]["total"] == 685 and shown["Yêu nước"]["assessed"] == 684
    assert shown["Thể chất"]["rows"][0] == {"label": "Tốt", "count": "600", "percent": "87,7%"}
    assert 'data-figures="qualities"' in page
    primary.refresh_from_db()
    assert primary.data["students"]["qualities"]["the_chat"] == {"tot": 600, "dat": 80, "can_co_gang": 4}
    page = _step(client, primary)
    field = page[page.rindex("<input", 0, page.index('name="students.qualities.the_chat.tot"')):]
    assert 'value="600"' in field[:field.index(">")]  # shown again after reloading

    response = save(client, primary, primary.version, {"students.qualities.yeu_nuoc.dat": "30"})
    assert response.status_code == 200, response.content[:300]
    assert [p for p in response.json()["problems"] if p["severity"] == "lỗi"] == []
    document = client.get(reverse("report_download", args=[primary.pk, "docx"]))
    assert document.status_code == 200, document.content[:500].decode()
    word = docx.Document(io.BytesIO(document.content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "về năng lực đặc thù, tỷ lệ học sinh đạt mức Tốt (Thể chất) là 87,7%" in text
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "Thể chất" in cells and "600 (87,7%)" in cells


def test_a_quality_the_circular_does_not_have_is_refused(login, primary, users):
    client = login(users["other_secretary"])
    before = dict(primary.data)
    response = save(client, primary, primary.version, {"students.qualities.hanh_kiem.tot": "5"})
    assert response.status_code == 400
    assert "không có phẩm chất, năng lực «hanh_kiem»" in response.json()["error"]
    response = save(client, primary, primary.version, {"students.qualities.yeu_nuoc": "5"})
    assert response.status_code == 400 and "chỉ sửa được từng mức" in response.json()["error"]
    primary.refresh_from_db()
    assert primary.data == before


def test_a_report_saved_with_one_level_keeps_it_visible_with_a_warning(login, primary, users):
    primary.data["students"]["conduct"] = {"tot": 521, "dat": 158, "can_co_gang": 5}
    primary.save()
    client = login(users["other_secretary"])
    page = _step(client, primary)
    assert 'name="students.conduct.tot"' in page and 'value="521"' in page
    response = save(client, primary, primary.version, {"students.conduct.dat": "158"})
    warning = next(p for p in response.json()["problems"] if p["path"] == "students.conduct")
    assert warning["severity"] == "cảnh báo" and "đánh giá riêng từng phẩm chất, năng lực" in warning["message"]
    primary.refresh_from_db()
    assert primary.data["students"]["conduct"] == {"tot": 521, "dat": 158, "can_co_gang": 5}


def test_qualities_left_on_a_secondary_scale_can_be_cleared_from_the_editor(login, report, users):
    report.data["students"]["qualities"] = {"yeu_nuoc": {"tot": 500}}  # e.g. saved before the scale was changed
    report.save()
    client = login(users["secretary"])
    page = _step(client, report)
    assert 'name="students.qualities.yeu_nuoc.tot"' in page and 'name="students.qualities.nhan_ai.tot"' not in page
    response = save(client, report, report.version, {"students.qualities.yeu_nuoc.tot": None})
    assert response.status_code == 200, response.content[:300]
    assert not [p for p in response.json()["problems"] if p["path"].startswith("students.qualities")]
    report.refresh_from_db()
    assert "qualities" not in report.data["students"]
    assert 'name="students.qualities.yeu_nuoc.tot"' not in _step(client, report)


@pytest.mark.browser
def test_the_figures_beside_the_qualities_follow_what_is_typed(browser, live_server, primary, users):
    from playwright.sync_api import expect

    from pages import fill, saved, sign_in

    context, page = sign_in(browser, live_server, "bithu2")
    page.goto(f"{live_server.url}/bao-cao/{primary.pk}/buoc/hoc-sinh/")
    panel = page.locator('[data-figures="qualities"]')
    expect(panel).to_contain_text("Yêu nước")
    expect(panel).to_contain_text("652 (95,3%)")
    fill(page, {"students.qualities.yeu_nuoc.dat": "31"})
    saved(page)
    expect(panel.locator("tr", has_text="Yêu nước")).to_contain_text("685 / 684")
    fill(page, {"students.qualities.yeu_nuoc.tot": ""})  # a level not typed: no rate, not «— ()»
    saved(page)
    expect(panel.locator("tr", has_text="Yêu nước")).to_contain_text("33 / 684")
    assert "()" not in panel.locator("tr", has_text="Yêu nước").inner_text()

    # Each quality on a line of its own, its three levels side by side in the same columns.
    def box(path):
        return page.locator(f'.field[data-field="{path}"]').bounding_box()

    tot, dat, can = (box(f"students.qualities.yeu_nuoc.{level}") for level in ("tot", "dat", "can_co_gang"))
    assert tot["y"] == dat["y"] == can["y"] and tot["x"] < dat["x"] < can["x"]
    below = box("students.qualities.nhan_ai.tot")
    assert below["x"] == tot["x"] and below["y"] > tot["y"]
    # Likewise a list's rows (sections renamed): row 2 under row 1, each field labelled with its row.
    page.goto(f"{live_server.url}/bao-cao/{primary.pk}/buoc/chung/")
    first, second = box("structure.headings[0].section"), box("structure.headings[1].section")
    assert second["x"] == first["x"] and second["y"] > first["y"]
    expect(page.get_by_label("Tiêu đề mới – dòng 2")).to_be_visible()
    context.close()
