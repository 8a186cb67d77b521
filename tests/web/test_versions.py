"""Versions people can read: autosaves merged, conflicts still caught, restore asks first."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from chibo.web.models import ReportVersion
from web_data import save

pytestmark = pytest.mark.django_db


def numbers(report):
    return list(report.versions.order_by("number").values_list("number", flat=True))


def test_autosaves_by_one_person_within_ten_minutes_are_one_version(login, report, users):
    client = login(users["secretary"])
    version = 1
    for women in ("15", "16", "17", "18"):
        version = save(client, report, version, {"members.women": women}).json()["version"]
    assert version == 5  # every save is a revision, so a stale base is still caught
    assert numbers(report) == [1, 5]
    assert report.versions.get(number=5).data["members"]["women"] in ("18", 18)


def test_an_autosave_after_ten_minutes_starts_a_new_version(login, report, users):
    client = login(users["secretary"])
    assert save(client, report, 1, {"members.women": "15"}).json()["version"] == 2
    ReportVersion.objects.filter(report=report, number=2).update(
        created_at=ReportVersion.objects.get(report=report, number=2).created_at - timedelta(minutes=11)
    )
    assert save(client, report, 2, {"members.women": "16"}).json()["version"] == 3
    assert numbers(report) == [1, 2, 3]
    assert report.versions.get(number=2).data["members"]["women"] in ("15", 15)


def test_another_person_saving_makes_a_new_version(login, report, users, org):
    from chibo.web.models import Membership

    client = login(users["secretary"])
    helper = users["reviewer"]
    Membership.objects.filter(user=helper).update(role=Membership.SECRETARY)  # a second writer of the cell
    other = Client()
    other.force_login(helper)
    assert save(client, report, 1, {"members.women": "15"}).status_code == 200
    assert save(other, report, 2, {"meta.place": "Đông Thành mới"}).status_code == 200
    assert save(client, report, 3, {"members.women": "16"}).status_code == 200
    assert numbers(report) == [1, 2, 3, 4]
    assert [v.created_by for v in report.versions.order_by("number")][1:] == [
        users["secretary"], helper, users["secretary"]
    ]


def test_a_conflict_is_still_caught_when_the_base_was_merged_away(login, report, users):
    # Tab B loads at revision 2; tab A saves twice more (merged into one row).
    first = login(users["secretary"])
    second = Client()
    second.force_login(users["secretary"])
    assert save(first, report, 1, {"meta.place": "A1"}).json()["version"] == 2
    assert save(first, report, 2, {"meta.place": "A2"}).json()["version"] == 3
    assert numbers(report) == [1, 3]  # revision 2 no longer has its own row
    response = save(second, report, 2, {"meta.place": "B"})
    assert response.status_code == 409
    assert [f["theirs"] for f in response.json()["fields"]] == ["A2"]
    report.refresh_from_db()
    assert report.data["meta"]["place"] == "A2"


def test_a_forced_save_keeps_the_other_value_in_its_own_version(login, report, users):
    first = login(users["secretary"])
    second = Client()
    second.force_login(users["secretary"])
    assert save(first, report, 1, {"meta.place": "A"}).status_code == 200
    assert save(second, report, 1, {"meta.place": "B"}, force=True).status_code == 200
    assert numbers(report) == [1, 2, 3]
    assert report.versions.get(number=2).data["meta"]["place"] == "A"


def test_restore_and_creation_always_make_their_own_version(login, report, users):
    client = login(users["secretary"])
    assert save(client, report, 1, {"meta.number": "99"}).status_code == 200
    assert client.post(reverse("report_restore", args=[report.pk, 1]), {"confirm": "1"}).status_code == 302
    # An autosave right after a restore is not folded into the restore.
    assert save(client, report, 3, {"meta.number": "98"}).status_code == 200
    assert numbers(report) == [1, 2, 3, 4]
    assert report.versions.get(number=3).note == "Khôi phục phiên bản 1"
    assert report.versions.get(number=1).note == "Tạo mới"


def test_a_submitted_version_is_never_merged_into(login, report, users):
    from chibo.web import cycle
    from chibo.web.models import Status

    client = login(users["secretary"])
    assert save(client, report, 1, {"members.women": "15"}).status_code == 200
    report.refresh_from_db()
    cycle.submit_report(report, users["secretary"], 2)
    report.refresh_from_db()
    cycle.review_report(report, users["office"], Status.RETURNED, remark="Sửa lại")
    assert save(client, report, 2, {"members.women": "16"}).status_code == 200
    assert numbers(report) == [1, 2, 3]
    assert report.versions.get(number=2).data["members"]["women"] in ("15", 15)


# --- the version page: what changed, in words --------------------------------------------


def test_the_version_page_shows_what_changed_with_labels_not_json(login, report, users):
    client = login(users["secretary"])
    assert save(client, report, 1, {"members.women": "15", "meta.place": "Phường Đông Thành",
                                    "classification.cell_rating": "htxsnv"}).status_code == 200
    page = client.get(reverse("report_version", args=[report.pk, 2])).content.decode()
    assert "Số đảng viên nữ" in page and "Địa danh" in page
    assert "Phường Đông Thành" in page and "Đông Thành</td>" in page  # old → new
    assert "Hoàn thành xuất sắc nhiệm vụ" in page  # the level's name, not its code
    for raw in ("members.women", "htxsnv", '"meta"', "{"):
        assert raw not in page.split("<main")[-1].split("</main>")[0], raw


def test_a_paragraph_and_a_left_out_section_are_summarised():
    from chibo.web.versions import changes

    old = {"narrative": {"situation": {"advantages": "Đoạn một.\n" + "Rất dài " * 100}}}
    new = {"narrative": {"situation": {}}, "left_out": ["narrative.shortcomings.facilities"]}
    found, more = changes(old, new)
    by_label = {c.label: c for c in found}
    advantages = by_label["Nội dung các mục › Đặc điểm tình hình › Thuận lợi"]
    assert advantages.new == "(trống)" and advantages.old.endswith("…") and len(advantages.old) <= 120
    assert by_label["Mục bỏ khỏi báo cáo"].new == "Khuyết điểm tồn tại › Khuyết điểm về xây dựng cơ sở vật chất"
    assert more == 0


def test_a_roster_import_is_counted_beyond_two_hundred_changes():
    from chibo.web.versions import MAX_CHANGES, changes

    rows = [{"name": f"Người {i}", "sex": "nu"} for i in range(300)]
    found, more = changes({}, {"members": {"roster": rows}})
    assert len(found) == 1 and found[0].new == "300 dòng"
    found, more = changes({"members": {"roster": rows}}, {"members": {"roster": [dict(r, name=r["name"] + "!") for r in rows]}})
    assert len(found) == MAX_CHANGES and more == 100


def test_restoring_asks_first_and_changes_nothing_until_confirmed(login, report, users):
    client = login(users["secretary"])
    assert save(client, report, 1, {"meta.place": "Phường Mới"}).status_code == 200
    url = reverse("report_restore", args=[report.pk, 1])
    versions_page = client.get(reverse("report_versions", args=[report.pk])).content.decode()
    assert f'href="{url}"' in versions_page and 'method="post" action="' + url not in versions_page
    page = client.get(url).content.decode()
    assert "Khôi phục phiên bản 1?" in page and "Địa danh" in page and "Phường Mới" in page
    assert 'name="confirm" value="1"' in page
    assert client.post(url).status_code == 200  # no confirmation: the question again
    report.refresh_from_db()
    assert report.version == 2 and report.data["meta"]["place"] == "Phường Mới"
    assert client.post(url, {"confirm": "1"}).status_code == 302
    report.refresh_from_db()
    assert report.version == 3 and report.data["meta"]["place"] == "Đông Thành"


def test_a_reader_cannot_restore_or_see_the_button(login, report, users):
    client = login(users["reviewer"])
    assert client.get(reverse("report_restore", args=[report.pk, 1])).status_code == 403
    page = client.get(reverse("report_version", args=[report.pk, 1])).content.decode()
    assert "Khôi phục" not in page


def test_in_the_browser_a_sitting_is_one_version_its_changes_read_and_restore_asks(browser, live_server, report, users):
    from playwright.sync_api import expect

    from pages import field, saved, shot, sign_in

    context, page = sign_in(browser, live_server, "bithu1")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/chung/")
    field(page, "meta.place").fill("Phường Đông Thành")
    field(page, "meta.signer_name").fill("Trần Thị Hoa")
    field(page, "meta.place").focus()
    saved(page)
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/dang-vien/")
    field(page, "members.women").fill("16")
    field(page, "members.women").blur()
    saved(page)
    report.refresh_from_db()
    assert report.version >= 3 and numbers(report) == [1, report.version]

    page.goto(f"{live_server.url}/bao-cao/{report.pk}/phien-ban/")
    expect(page.locator("table.list tbody tr")).to_have_count(2)
    expect(page.locator("table.list tbody tr").first).to_contain_text("Tự lưu")
    page.get_by_role("link", name="Xem thay đổi").first.click()
    changes = page.locator("table.changes")
    expect(changes).to_contain_text("Địa danh")
    expect(changes).to_contain_text("Phường Đông Thành")
    expect(changes).to_contain_text("Số đảng viên nữ")
    expect(changes).to_contain_text("Trần Thị Hoa")
    shot(page, "phien-ban-thay-doi")

    page.goto(f"{live_server.url}/bao-cao/{report.pk}/phien-ban/")
    page.get_by_role("link", name="Khôi phục…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Khôi phục phiên bản 1?")
    expect(page.locator("table.changes")).to_contain_text("Phường Đông Thành")
    shot(page, "khoi-phuc-hoi-truoc")
    report.refresh_from_db()
    assert report.data["meta"]["place"] == "Phường Đông Thành"  # nothing restored by asking
    page.get_by_role("button", name="Khôi phục phiên bản 1").click()
    expect(page.get_by_text("Đã khôi phục phiên bản 1")).to_be_visible()
    report.refresh_from_db()
    assert report.data["meta"]["place"] == "Đông Thành"
    context.close()


def test_the_first_version_lists_no_changes(login, report, users):
    client = login(users["secretary"])
    page = client.get(reverse("report_version", args=[report.pk, 1])).content.decode()
    assert "Phiên bản đầu tiên của báo cáo" in page and "table" not in page.split("Những gì đã thay đổi")[1]


def test_values_in_the_changes_read_as_the_editor_shows_them():
    from chibo.web.versions import changes

    old = {"year": 2026, "targets": {"students": {"promotion_rate": 80.0}},
           "members": {"roster": [{"name": "Lê Thị Hoa", "birth_year": 1980, "admitted_on": "2025-03-02"}]}}
    new = {"year": 2027, "targets": {"students": {"promotion_rate": 82.5}},
           "members": {"roster": [{"name": "Lê Thị Hoa", "birth_year": 1981, "admitted_on": "2025-03-12"},
                                  {"name": "Trần Văn Nam", "sex": "nam", "birth_year": 1990}]}}
    found = {c.label.rsplit(" › ", 1)[-1]: (c.old, c.new) for c in changes(old, new)[0]}
    assert found["Tỷ lệ lên lớp thẳng (%)"] == ("80", "82,5")  # a rate as typed in the editor
    assert found["Năm sinh"] == ("1980", "1981")  # a year, not «1.981»
    assert ("02/03/2025", "12/03/2025") in found.values()
    added = next(new for old, new in found.values() if "Trần Văn Nam" in new)
    assert added == "Trần Văn Nam, Nam, 1990"  # a new member's cells by their names, not codes


def test_identity_numbers_are_masked_in_the_changes(login, report, users):
    from django.db import transaction

    from chibo.web import versions

    data = json.loads(json.dumps(report.data))
    member = {"name": "Lê Thị Hoa", "sex": "nu", "birth_year": 1980, "identity_number": "001180012345"}
    data["members"]["roster"] = [member]
    with transaction.atomic():
        versions.commit(report, data, users["secretary"], note="Tải lên")
    changed = json.loads(json.dumps(data))
    changed["members"]["roster"][0]["identity_number"] = "001180099945"
    changed["members"]["roster"].append(dict(member, name="Trần Văn Nam", identity_number="079090001122"))
    with transaction.atomic():
        versions.commit(report, changed, users["secretary"], note="Tải lên")
    client = login(users["secretary"])
    pages = [client.get(reverse("report_version", args=[report.pk, n])).content.decode() for n in (2, 3)]
    for page in pages:
        for number in ("001180012345", "001180099945", "079090001122"):
            assert number not in page
    assert pages[1].count("0011******45") >= 2  # old and new, masked
    assert "0790******22" in pages[1]  # inside the added member's row
