"""The member list (roster) in the editor: a row per member, a line per dated event.

Every cell of the table is an ordinary editor input named by its field path
("members.roster[3].admitted_on"), so it is saved by the same endpoint and
checked by the same whitelist as any other field; the columns are the fields
of ``chibo.model.Member`` in order, with their titles.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache
from html import escape

from django.utils.safestring import mark_safe
from pydantic import TypeAdapter, ValidationError

from chibo import fieldpaths
from chibo.members import COUNT_FIELDS, count_roster, due_official, leaving_event
from chibo.model import Day, Member, MemberEvent, field_label

from . import editor

BASE = "members.roster"
NEW = "__i__"  # stands for a row's index in the blank rows roster.js copies
NEW_EVENT = "__j__"
COMPUTED_NOTE = "tính từ danh sách đảng viên"


def member_fields() -> list[str]:
    return [name for name in Member.model_fields if name != "events"]


def event_fields() -> list[str]:
    return list(MemberEvent.model_fields)


@dataclass
class EventRow:
    index: int | str
    inputs: list[editor.Input]


@dataclass
class Row:
    index: int | str
    inputs: list[editor.Input]
    events: list[EventRow] = field(default_factory=list)
    due: bool = False  # "đến hạn xét chính thức" this year
    left: str = ""  # the leaving event's label, when the member left during the year

    @property
    def name(self) -> str:
        return str(self.inputs[0].value or "")


class Roster:
    """The table, built only when a page shows it (a save computes the steps too)."""

    def __init__(self, data: dict, report):
        self._data, self._report = data, report
        self.columns = [field_label(f"{BASE}[0].{name}") for name in member_fields()]
        self.event_label = field_label(f"{BASE}[0].events")
        self.year = report.year if report is not None else None
        self.counted = has_roster(data)

    @cached_property
    def _stored(self) -> list:
        stored = editor.get(self._data, BASE)
        return stored if isinstance(stored, list) else []

    @cached_property
    def _due(self) -> list[Member]:
        report = self._report
        return due_official(report.members.roster, report.year) if report and report.members.roster else []

    @property
    def due(self) -> list[str]:
        """Names of the members due to be made official this year."""
        return [m.name for m in self._due]

    @cached_property
    def rows(self) -> list[Row]:
        rows = [_row(node, i) for i, node in enumerate(self._stored)]
        if self._report is not None and self._report.members.roster:
            due_keys = {(m.name, m.admitted_on) for m in self._due}
            left = {(m.name, m.admitted_on): leaving_event(m) for m in self._report.members.roster}
            for row, node in zip(rows, self._stored):
                key = (row.name, _day(node.get("admitted_on") if isinstance(node, dict) else None))
                row.due = key in due_keys
                event = left.get(key)
                row.left = event.kind.label if event is not None else ""
        return rows

    # 2,000 rows of a dozen inputs: built as text here, a template takes seconds.
    def _html(self, writable: bool) -> str:
        return mark_safe("".join(_row_html(row, self.event_label, writable) for row in self.rows))

    @property
    def rows_html(self) -> str:
        return self._html(True)

    @property
    def rows_html_readonly(self) -> str:
        return self._html(False)

    @property
    def blank_html(self) -> str:
        """The rows roster.js copies for "Thêm đảng viên" and "+ Biến động"."""
        return mark_safe(_row_html(_row({}, NEW), self.event_label, True))

    @property
    def blank_event_html(self) -> str:
        return mark_safe(_event_html(_event({}, NEW, NEW_EVENT), True))


def _field_html(item: editor.Input, writable: bool) -> str:
    # no id or name: the editor finds a field by data-path, and 2,000 rows stay a few MB
    common = f'data-path="{escape(item.path)}" aria-label="{escape(item.label)}"'
    if item.kind == "choice":
        options = "".join(
            f'<option value="{escape(value)}"{" selected" if value == item.value else ""}>{escape(text)}</option>'
            for value, text in item.choices
        )
        return f'<select {common}{"" if writable else " disabled"}><option value="">–</option>{options}</select>'
    extra = {"int": ' inputmode="numeric"', "date": ' placeholder="ngày/tháng/năm" autocomplete="off"'}.get(item.kind, "")
    value = "" if item.value is None else escape(str(item.value))
    return (f'<input {common} data-kind="{item.kind}" type="text"{extra} value="{value}"'
            f'{"" if writable else " readonly"}>')


def _event_html(event: EventRow, writable: bool) -> str:
    fields = "".join(_field_html(item, writable) for item in event.inputs)
    remove = '<button type="button" class="link danger" data-event-remove aria-label="Xóa biến động">×</button>'
    return f'<div class="event" data-event="{event.index}">{fields}{remove if writable else ""}</div>'


def _row_html(row: Row, event_label: str, writable: bool) -> str:
    cells = []
    for n, item in enumerate(row.inputs):
        badges = ""
        if n == 0:
            badges += ' <span class="badge due">đến hạn xét chính thức</span>' if row.due else ""
            badges += f' <span class="badge">{escape(row.left)}</span>' if row.left else ""
        column = fieldpaths.parts(item.path)[-1]
        cells.append(f'<td class="c-{column}" data-label="{escape(item.label)}">{_field_html(item, writable)}{badges}</td>')
    if writable:
        cells.append('<td class="actions"><button type="button" class="link danger" data-roster-remove>'
                     'Xóa đảng viên</button></td>')
    width = len(row.inputs) + 1
    events = "".join(_event_html(event, writable) for event in row.events)
    add = '<button type="button" class="link" data-event-add>+ Biến động</button>' if writable else ""
    classes = "member" + (" due" if row.due else "") + (" left" if row.left else "")
    # the events on a line of their own under the member: a wide screen keeps every column readable
    return (f'<tbody class="{classes}" data-row="{row.index}"><tr>{"".join(cells)}</tr>'
            f'<tr class="events-row"><td colspan="{width}" class="events" data-label="{escape(event_label)}">'
            f'<span class="events-label">{escape(event_label)}:</span><div class="event-list">{events}</div>{add}</td></tr>'
            f'<tr class="row-problems"><td colspan="{width}">'
            f'<p class="problem" data-problem-for="{BASE}[{row.index}]"></p></td></tr></tbody>')


@lru_cache(maxsize=64)
def _spec(pattern: str) -> editor.Input:
    """The input of a column without a value (label, kind, choices, default): looked up
    in the model once, not for each of 2,000 rows."""
    return editor.make_input({}, pattern)


def _input(node: object, base: str, pattern: str, name: str) -> editor.Input:
    spec = _spec(f"{pattern}.{name}")
    value = node.get(name) if isinstance(node, dict) else None
    value = editor.shown(spec.kind, value)
    return replace(spec, path=f"{base}.{name}", value=spec.value if value is None else value)


def _event(node: object, i: int | str, j: int | str) -> EventRow:
    base, pattern = f"{BASE}[{i}].events[{j}]", f"{BASE}[0].events[0]"
    return EventRow(j, [_input(node, base, pattern, name) for name in event_fields()])


def _row(node: object, i: int | str) -> Row:
    base, pattern = f"{BASE}[{i}]", f"{BASE}[0]"
    inputs = [_input(node, base, pattern, name) for name in member_fields()]
    events = node.get("events") if isinstance(node, dict) else None
    events = events if isinstance(events, list) else []
    return Row(i, inputs, [_event(event, i, j) for j, event in enumerate(events)])


_DAY = TypeAdapter(Day)


def _day(value: object) -> date | None:
    """A stored date as the model reads it (ISO or day/month/year), to match a row to its member."""
    try:
        return _DAY.validate_python(value)
    except ValidationError:
        return None


def roster(data: dict, report) -> Roster:
    """The table for ``data``; ``report`` is the lenient report (valid rows only), or None."""
    return Roster(data, report)


def has_roster(data: dict) -> bool:
    """A list with any row, even one still being typed: the counts are no longer typed
    (``drop_typed_counts`` removes them on every save)."""
    stored = editor.get(data, BASE)
    return isinstance(stored, list) and bool(stored)


def computed_counts(data: dict, report) -> dict | None:
    """Section I's counts from the roster's valid rows (``count_roster``), or None when counts are typed."""
    if not has_roster(data):
        return None
    if report is None:
        return count_roster([], date.today().year)
    return count_roster(report.members.roster or [], report.year)


def show_computed(inputs: list[editor.Input], counts: dict | None) -> list[editor.Input]:
    """The count inputs read-only with the computed value, when a roster gives them."""
    if counts is None:
        return inputs
    for item in inputs:
        *_, group, name = ("", *fieldpaths.names(item.path))
        value = counts[name] if group == "members" else counts.get(group, {}).get(name)
        item.value = value
        item.readonly = True
        item.help = COMPUTED_NOTE
    return inputs


def drop_typed_counts(data: dict) -> dict:
    """With a roster, the counts are computed: typed ones (left from before the list, or
    from a file) would only contradict it, and the editor no longer lets them be edited."""
    members = data.get("members")
    if isinstance(members, dict) and has_roster(data):
        for name in (*COUNT_FIELDS, "education", "theory", "average_age"):
            members.pop(name, None)
    return data
