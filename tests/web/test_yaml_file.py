"""The report as the CLI's YAML file in the web app: download, upload, nothing saved until the file is right."""

from __future__ import annotations

import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chibo.loader import parse_text, validate
from chibo.web.models import Report

NUMBER = "001234567890"


def _with_roster(report):
    data = copy.deepcopy(report.data)
    data["members"]["roster"] = [
        {"name": "Nguyễn Thị Hoa", "sex": "nu", "birth_year": 1985, "admitted_on": "2010-05-19",
         "official_on": "2011-05-19", "education": "dai_hoc", "theory": "so_cap", "identity_number": NUMBER},
    ]
    report.data = data
    report.save()
    return report


def _download(client, report) -> str:
    response = client.get(f"/bao-cao/{report.pk}/tep-yaml/tai/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    assert "2026%20-%20Chi%20b%E1%BB%99%20Tr%C6%B0%E1%BB%9Dng%20THCS" in response["Content-Disposition"]
    return response.content.decode("utf-8")


def _upload(client, report, text: str | bytes, name="bao-cao.yaml"):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(f"/bao-cao/{report.pk}/tep-yaml/", {"file": SimpleUploadedFile(name, content)})


def test_the_download_is_the_yaml_the_cli_reads_with_identity_numbers_masked(login, users, report):
    _with_roster(report)
    text = _download(login(users["reviewer"]), report)  # anyone who may read the report
    assert text.startswith("# Báo cáo tổng kết công tác xây dựng Đảng năm 2026")
    assert NUMBER not in text and "0012******90" in text
    loaded = parse_text(text)
    assert not loaded.problems  # the masked number is a valid value for the CLI too
    unmasked = copy.deepcopy(loaded.data)
    unmasked["members"]["roster"][0]["identity_number"] = NUMBER
    assert validate(unmasked).report == validate(report.data).report


def test_a_downloaded_file_edited_and_uploaded_is_one_new_version_and_keeps_the_identity_number(login, users, report):
    _with_roster(report)
    client = login(users["secretary"])
    text = _download(client, report).replace("place: Đông Thành", "place: Xã Đông Thành mới")
    before = report.version
    response = _upload(client, report, text)
    assert response.status_code == 302 and response["Location"].endswith("/buoc/chung/")
    report.refresh_from_db()
    assert report.version == before + 1
    assert report.data["meta"]["place"] == "Xã Đông Thành mới"
    assert report.data["members"]["roster"][0]["identity_number"] == NUMBER  # not the masked copy
    assert report.versions.get(number=report.version).note == "Tải lên tệp bao-cao.yaml"
    assert validate(report.data).report is not None


def test_a_draft_with_fields_left_out_is_saved(login, users, report):
    client = login(users["secretary"])
    response = _upload(client, report, "year: 2026\nmeta:\n  cell_name: Chi bộ Trường THCS Đông Thành\n"
                                       "members:\n  start_of_year: 24\n")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.data == {"year": 2026, "meta": {"cell_name": "Chi bộ Trường THCS Đông Thành"},
                           "members": {"start_of_year": "24"}}


@pytest.mark.parametrize("text, shown", [
    ("year: 2026\nmeta:\n  place: [Đông\n", "Dòng 3"),  # YAML syntax
    ("year: 2026\nmeta:\n  place: Đông Thành\nmembers:\n  women: mười\n", "Dòng 5"),  # a word for a count
    ("year: 2026\nmeta:\n  plaec: Đông Thành\n", "Dòng 3"),  # a field the model has not
    ("year: 2026\nmembers: !!python/object:os.system ls\n", "Dòng 2"),  # a tag
])
def test_a_file_that_is_not_right_is_listed_with_its_lines_and_nothing_is_saved(login, users, report, text, shown):
    client = login(users["secretary"])
    before = (report.version, report.data)
    response = _upload(client, report, text)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Chưa tải lên" in html and shown in html
    report.refresh_from_db()
    assert (report.version, report.data) == before


def test_every_problem_of_a_file_is_listed_at_once(login, users, report):
    client = login(users["secretary"])
    text = "year: 2025\nmeta:\n  cell_name: Chi bộ Khác\nmembers:\n  women: mười\n  admited: 2\n"
    html = _upload(client, report, text).content.decode()
    assert "4 lỗi" in html
    assert "Tệp là báo cáo năm 2025, còn đây là báo cáo năm 2026" in html
    assert "Tệp là báo cáo của «Chi bộ Khác»" in html
    for line in ("Dòng 1:", "Dòng 3:", "Dòng 5:", "Dòng 6:"):
        assert line in html


@pytest.mark.parametrize("name, content, words", [
    ("bao-cao.xlsx", b"PK\x03\x04", "không phải tệp YAML"),
    ("bao-cao.yaml", "year: 2026\nmeta:\n  place: Đông Thành\n".encode("cp1258", "replace") + b"\xff", "không ở mã UTF-8"),
    ("bao-cao.yaml", b"year: 2026\n" + b"#" * 1_300_000, "tối đa 1,2 MB"),
    ("bao-cao.yaml", b"", "rỗng"),
])
def test_the_file_is_checked_for_type_size_and_encoding_first(login, users, report, name, content, words):
    response = _upload(login(users["secretary"]), report, content, name)
    assert response.status_code == 400
    assert words in response.content.decode()


def test_no_file_chosen_is_said(login, users, report):
    response = login(users["secretary"]).post(f"/bao-cao/{report.pk}/tep-yaml/", {})
    assert response.status_code == 400 and "Chưa chọn tệp" in response.content.decode()


def test_a_masked_number_chibo_does_not_know_is_refused(login, users, report):
    client = login(users["secretary"])
    text = _download(client, _with_roster(report)).replace("Nguyễn Thị Hoa", "Trần Văn Minh")
    html = _upload(client, report, text).content.decode()
    assert "là số đã che (0012******90)" in html


def test_a_submitted_report_or_a_reviewer_cannot_upload(login, users, report):
    client = login(users["reviewer"])
    assert _upload(client, report, "year: 2026\n").status_code == 403
    Report.objects.filter(pk=report.pk).update(status="submitted")
    client = login(users["secretary"])
    page = client.get(f"/bao-cao/{report.pk}/tep-yaml/").content.decode()
    assert 'type="file"' not in page
    response = _upload(client, report, "year: 2026\n")
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.version == 1


def test_another_cells_report_is_not_found(login, users, other_report):
    client = login(users["secretary"])
    assert client.get(f"/bao-cao/{other_report.pk}/tep-yaml/tai/").status_code == 404
    assert _upload(client, other_report, "year: 2026\n").status_code == 404


def test_in_the_browser_a_bad_file_is_listed_then_the_fixed_one_is_saved(browser, live_server, users, report, tmp_path):
    from playwright.sync_api import expect

    from pages import field, shot, sign_in

    bad = tmp_path / "bao-cao.yaml"
    bad.write_text("year: 2026\nmeta:\n  place: Đông Thành\nmembers:\n  women: mười bảy\n  admited: 2\n",
                   encoding="utf-8")
    context, page = sign_in(browser, live_server, "bithu1")
    try:
        page.goto(f"{live_server.url}/bao-cao/{report.pk}/buoc/xem-truoc/")
        page.get_by_role("link", name="tải về, tải lên").click()
        page.get_by_label("Tệp YAML (.yaml)").set_input_files(str(bad))
        page.get_by_role("button", name="Tải lên").click()
        errors = page.locator("#upload-errors")
        expect(errors).to_contain_text("2 lỗi")
        expect(errors).to_contain_text("Dòng 5:")
        expect(errors).to_contain_text("Dòng 6:")
        shot(page, "yaml-upload-errors")
        bad.write_text("year: 2026\nmeta:\n  place: Đông Thành mới\nmembers:\n  women: 17\n", encoding="utf-8")
        page.get_by_label("Tệp YAML (.yaml)").set_input_files(str(bad))
        page.get_by_role("button", name="Tải lên").click()
        expect(page.locator(".messages")).to_contain_text("Đã tải lên tệp bao-cao.yaml")
        expect(field(page, "meta.place")).to_have_value("Đông Thành mới")
    finally:
        context.close()
