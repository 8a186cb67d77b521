"""The reasons of the year's moves without a roster (Members.increase_note, decrease_note),
printed in the brackets of the grouped sentence as real reports write them: "giảm 02 đồng
chí (01 chuyển công tác, 01 chuyển về sinh hoạt tại địa phương)"."""

from __future__ import annotations

from chibo.compose import compose
from chibo.model import Report
from chibo.rules import check

DECREASE = "01 chuyển công tác, 01 chuyển về sinh hoạt tại địa phương"
INCREASE = "02 kết nạp mới, 01 chuyển đến từ Trường THCS Đông Hòa"


def _text(data: dict) -> str:
    return "\n".join(b.text for b in compose(Report.model_validate(data), charts=False).body if hasattr(b, "text"))


def _warnings(data: dict) -> list:
    return [p for p in check(Report.model_validate(data)) if p.severity.value != "error"]


def test_without_notes_the_kinds_are_in_the_brackets(valid_report_data):
    assert ("trong năm tăng 03 đồng chí (kết nạp mới 02, chuyển đến 01), "
            "giảm 02 đồng chí (chuyển đi 01, nghỉ hưu 01)") in _text(valid_report_data)


def test_notes_stand_in_the_brackets_of_their_side(valid_report_data, modify):
    data = modify(valid_report_data, {"members.decrease_note": DECREASE})
    text = _text(data)
    assert f"trong năm tăng 03 đồng chí (kết nạp mới 02, chuyển đến 01), giảm 02 đồng chí ({DECREASE})." in text
    assert _warnings(data) == []

    data = modify(valid_report_data, {"members.increase_note": f"({INCREASE})", "members.decrease_note": DECREASE})
    assert f"tăng 03 đồng chí ({INCREASE}), giảm 02 đồng chí ({DECREASE})." in _text(data)  # brackets not doubled
    assert _warnings(data) == []


def test_a_note_without_moves_on_its_side_is_warned_and_not_printed(valid_report_data, modify):
    data = modify(valid_report_data, {"members.transferred_out": 0, "members.retired": 0, "members.end_of_year": 23,
                                      "members.official": 21, "members.decrease_note": DECREASE})
    assert DECREASE not in _text(data)
    warnings = [p for p in _warnings(data) if p.path.endswith("_note")]  # others for the changed end
    assert [p.path for p in warnings] == ["members.decrease_note"]
    assert "«Chi tiết số giảm (lý do)»" in warnings[0].message and "sẽ không in" in warnings[0].message


def test_counts_in_a_note_that_do_not_add_up_are_warned(valid_report_data, modify):
    data = modify(valid_report_data, {"members.decrease_note": "01 chuyển công tác, 02 nghỉ hưu"})
    warnings = _warnings(data)
    assert [p.path for p in warnings] == ["members.decrease_note"]
    assert "cộng lại được 3" in warnings[0].message and "giảm trong năm (2)" in warnings[0].message
    # words without counts are not summed
    data = modify(valid_report_data, {"members.decrease_note": "chuyển công tác và nghỉ hưu"})
    assert _warnings(data) == []


def test_a_note_is_spell_checked(valid_report_data, modify):
    data = modify(valid_report_data, {"members.decrease_note": "01 chuyển công tác, 01 nghỉ hưu hưỡng chế độ"})
    found = [p for p in _warnings(data) if p.path == "members.decrease_note"]
    assert found and "«hưỡng»" in found[0].message
