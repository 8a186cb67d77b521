"""A large đảng bộ: the office's pages load only what they show, with no query per row."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chibo.web.models import Cell, Membership, Report

pytestmark = pytest.mark.django_db

CELLS = 300
YEARS = range(2022, 2027)
# The data column as Django's SQL names it, whatever the database.
DATA_COLUMN = f'"{Report._meta.db_table}"."data"'


@pytest.fixture
def large_organisation(org, users, report):
    """300 cells with a report for each of 5 years, each report a full example blob."""
    data = report.data
    cells = Cell.objects.bulk_create(
        Cell(organisation=org, name=f"Chi bộ Trường số {i:03d}", school_level="thcs") for i in range(CELLS)
    )
    editors = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bithu-lon-{i}", first_name=f"Bí thư {i}") for i in range(CELLS)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=org, cell=cell, role=Membership.SECRETARY)
        for user, cell in zip(editors, cells)
    )
    Report.objects.bulk_create(
        Report(cell=cell, year=year, data=data, version=1, updated_by=editor)
        for cell, editor in zip(cells, editors)
        for year in YEARS
    )
    return org


def _queries(client, url, django_assert_max_num_queries) -> tuple[list[str], bytes]:
    with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries], response.content


def test_office_page_queries_are_few_and_skip_report_data(large_organisation, login, users, django_assert_max_num_queries):
    sqls, page = _queries(login(users["office"]), reverse("office"), django_assert_max_num_queries)
    assert not [sql for sql in sqls if DATA_COLUMN in sql]
    text = page.decode()
    assert "Chi bộ Trường số 299" in text
    assert text.count("năm 2022</a>") == CELLS  # every cell's every year is still listed


def test_office_home_page_queries_are_few_and_skip_report_data(large_organisation, login, users, django_assert_max_num_queries):
    sqls, page = _queries(login(users["office"]), reverse("home"), django_assert_max_num_queries)
    assert not [sql for sql in sqls if DATA_COLUMN in sql]
    text = page.decode()
    assert text.count("Bí thư 299") == len(YEARS)  # who last saved each report
    assert text.count(">Mở</a>") == CELLS * len(YEARS) + 1  # and the example report


def test_secretary_home_page_shows_her_reports_without_data(large_organisation, login, users, django_assert_max_num_queries):
    sqls, page = _queries(login(users["secretary"]), reverse("home"), django_assert_max_num_queries)
    assert not [sql for sql in sqls if DATA_COLUMN in sql]
    assert page.decode().count(">Mở</a>") == 1
