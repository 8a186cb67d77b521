"""The cell's own figures (issue 11): chi ủy, average age, phát triển đảng viên and the
target of quần chúng sent to the class, in the editor's steps, saved, printed in the DOCX."""

from __future__ import annotations

import pytest
from django.urls import reverse

from web_data import docx_lines, save

pytestmark = pytest.mark.django_db

FIELDS = {
    "members.committee.secretaries": "1",
    "members.committee.deputies": "1",
    "members.committee.others": "3",
    "members.average_age": "38 tuổi",
    "members.development.awareness_class": "2",
    "members.development.proposals": "1",
    "members.development.prospects": "3",
}


def test_cell_figures_are_in_the_editor_saved_and_printed(login, report, users):
    client = login(users["secretary"])
    step = client.get(reverse("report_step", args=[report.pk, "dang-vien"])).content.decode()
    for path in FIELDS:
        assert f'name="{path}"' in step, path
    assert "Số Phó Bí thư" in step and "Tuổi đời bình quân" in step
    targets = client.get(reverse("report_step", args=[report.pk, "chi-tieu"])).content.decode()
    assert 'name="targets.party.awareness_class"' in targets

    response = save(client, report, report.version, {**FIELDS, "targets.party.awareness_class": "03"})
    assert response.status_code == 200, response.content[:300]
    report.refresh_from_db()
    members = report.data["members"]
    assert members["committee"] == {"secretaries": 1, "deputies": 1, "others": 3}
    assert members["average_age"] == 38
    assert members["development"] == {"awareness_class": 2, "proposals": 1, "prospects": 3}
    assert report.data["targets"]["party"]["awareness_class"] == 3

    text = "\n".join(docx_lines(client, report))
    assert "Chi ủy gồm 05 đồng chí: 01 Bí thư, 01 Phó Bí thư, 03 Chi ủy viên." in text
    assert "Tuổi đời bình quân của đảng viên là 38 tuổi." in text
    assert (
        "Công tác phát triển đảng viên: trong năm có 02 quần chúng hoàn thành lớp bồi dưỡng nhận thức về "
        "Đảng, 01 hồ sơ đề nghị kết nạp đảng viên; chi bộ đang theo dõi, giúp đỡ 03 quần chúng ưu tú."
    ) in text
    assert "giới thiệu 03 quần chúng ưu tú đi học lớp bồi dưỡng nhận thức về Đảng" in text


def test_two_secretaries_is_shown_beside_the_field_and_nothing_is_lost(login, report, users):
    client = login(users["secretary"])
    response = save(client, report, report.version, {"members.committee.secretaries": "2"})
    assert response.status_code == 200
    found = [p for p in response.json()["problems"] if p["path"] == "members.committee.secretaries"]
    assert found and found[0]["severity"] == "lỗi" and "Số Bí thư" in found[0]["message"]


def test_an_age_that_is_not_one_is_named_with_its_field(login, report, users):
    client = login(users["secretary"])
    end = report.data["members"]["end_of_year"]
    response = save(client, report, report.version, {"members.average_age": "7"})
    assert response.status_code == 200
    found = [p for p in response.json()["problems"] if p["path"] == "members.average_age"]
    assert found and found[0]["severity"] == "lỗi" and "Tuổi đời bình quân" in found[0]["message"]
    report.refresh_from_db()
    assert report.data["members"]["end_of_year"] == end  # nothing else lost


def test_dang_uy_as_superior_line_is_a_warning_in_the_editor(login, report, users):
    client = login(users["secretary"])
    response = save(client, report, report.version, {"meta.party_committee": "Đảng ủy xã Đông Thành"})
    found = [p for p in response.json()["problems"] if p["path"] == "meta.party_committee"]
    assert any(p["severity"] == "cảnh báo" and "«Đảng bộ xã Đông Thành»" in p["message"] for p in found)


def test_with_a_roster_the_age_is_computed_and_shown_read_only(login, report, users):
    import re

    client = login(users["secretary"])
    member = {"sex": "nu", "admitted_on": "2012-03-02", "official_on": "2013-03-02", "education": "dai_hoc",
              "theory": "so_cap"}
    changes = {"members.average_age": "50"}  # typed before the list: dropped once the list counts
    for i, (name, born) in enumerate((("Lê Thị Hoa", "1988"), ("Trần Thị Nga", "1975"))):
        changes |= {f"members.roster[{i}].{k}": v for k, v in {**member, "name": name, "birth_year": born}.items()}
    response = save(client, report, report.version, changes)
    assert response.status_code == 200, response.content[:300]
    report.refresh_from_db()
    assert "average_age" not in report.data["members"]
    html = client.get(reverse("report_step", args=[report.pk, "dang-vien"])).content.decode()
    age = re.search(r'<input id="f-members-average_age"[^>]*>', html).group()
    # 2026 - 1988 = 38, 2026 - 1975 = 51: 44,5 -> 45
    assert 'value="45"' in age and "readonly" in age
