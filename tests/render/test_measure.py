"""Breaking a long line in two (render/measure.py) measures a handful of strings whatever
the line's length: a 50 KB part title or party committee from a YAML file once took 20–35 s
to render (every break point of every word measured)."""

from __future__ import annotations

from chibo.render.measure import balance_line, break_line, text_width_mm


class Counting:
    """The font's width function, counting its calls."""

    def __init__(self):
        self.calls = 0

    def __call__(self, text: str):
        self.calls += 1
        return text_width_mm(text, "Times New Roman", 13, True, False)


def test_a_line_far_too_long_for_two_lines_is_left_as_it_is_after_one_measurement():
    width = Counting()
    title = "ĐÁNH GIÁ KẾT QUẢ " * 2500  # 10,000 words
    assert balance_line(title, width, 160) == title
    assert width.calls == 1


def test_a_very_long_name_is_broken_where_the_halves_balance_in_few_measurements():
    width = Counting()
    name = " ".join(["ĐẢNG BỘ XÃ ĐÔNG THÀNH"] * 2000)  # 10,000 words
    first, second = break_line(name, width, 80).split("\n")
    assert abs(len(first.split()) - len(second.split())) <= 2
    assert width.calls < 60


def test_a_short_name_breaks_where_it_did_before():
    width = Counting()
    assert break_line("CHI BỘ TRƯỜNG TRUNG HỌC CƠ SỞ NGUYỄN VĂN TRỖI", width, 60) == \
        "CHI BỘ TRƯỜNG TRUNG HỌC\nCƠ SỞ NGUYỄN VĂN TRỖI"  # the most even halves
    assert balance_line("ĐÁNH GIÁ KẾT QUẢ LÃNH ĐẠO, CHỈ ĐẠO CỦA CHI BỘ TRONG NĂM 2026", width, 120) == \
        "ĐÁNH GIÁ KẾT QUẢ LÃNH ĐẠO,\nCHỈ ĐẠO CỦA CHI BỘ TRONG NĂM 2026"
