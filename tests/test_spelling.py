"""The spell check of the narrative: non-syllables, wrong words, mixed tone styles."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from chibo import defaults, spelling, spelling_words
from chibo.loader import load_file
from chibo.model import Report
from chibo.report import check_report
from chibo.spelling import mixed_tone_styles, misspellings
from chibo.vietnamese import normalize_text

ROOT = Path(__file__).resolve().parents[1]
SEED = Path("/work/shared/seed/bao-cao-chi-bo-mau.txt")
if not SEED.exists():  # CI lays shared/ beside the clone
    SEED = ROOT.parent / "shared" / "seed" / "bao-cao-chi-bo-mau.txt"

# Every spelling slip of the template, read line by line (the wrong form, the right one).
SEED_TYPOS = {
    "lưc": "lực",  # "Về học lưc"
    "hưỡng": "hưởng",  # "nhiều ảnh hưỡng"
    "tuởng": "tưởng",  # "Công tác tư tuởng chính trị"
    "đống góp": "đóng góp",  # "Tinh thần đống góp"
    "dậy học": "dạy học",  # "đổi mới phương pháp dậy học"
    "trú trọng": "chú trọng",  # "trú trọng đến việc đào tạo"
    "kỷ năng": "kỹ năng",  # "kỷ năng sống"
    "Việt nam": "Việt Nam",  # "Ngày Nhà giáo Việt nam 20/11"
    "tố": "tốt",  # "đã tổ chức tố Hội thi": a real syllable, but one found only inside words
}


def seed_text() -> str:
    return normalize_text(SEED.read_text(encoding="utf-8"))


def test_every_typo_of_the_template_is_found_with_its_fix_first():
    found = {m.words: m.suggestions for m in misspellings(seed_text())}
    assert set(found) == set(SEED_TYPOS)  # all of them, and nothing else of the template
    for wrong, right in SEED_TYPOS.items():
        assert found[wrong][0] == right, (wrong, found[wrong])


def test_the_template_mixes_two_tone_styles():
    old, new = mixed_tone_styles(SEED.read_text(encoding="utf-8"))
    assert "hóa" in old and "hoá" in new and "uỷ" in new


def test_one_tone_style_is_not_mixed():
    assert mixed_tone_styles("xã hội hóa giáo dục, chi ủy, sức khỏe") == ([], [])
    assert mixed_tone_styles("xã hội hoá giáo dục, chi uỷ, sức khoẻ") == ([], [])


@pytest.mark.parametrize(
    "text, words, kind",
    [
        ("Về học lưc của học sinh", "lưc", "syllable"),
        ("Học lưc tốt. Lưc học khá", "lưc", "syllable"),
        ("Tốt. Lưc học khá", "Lưc", "syllable"),
        ("Sửa chửa phòng học", "Sửa chửa", "word"),
        ("Hoạt động trãi nghiệm", "trãi nghiệm", "word"),
        ("Phát huy tinh thần đống góp", "đống góp", "word"),
        ("Rèn kỷ năng sống", "kỷ năng", "word"),
        ("Phát triển năng lự học sinh", "năng lự", "word"),  # a last letter left off
        ("Nâng cao chất lượn giáo dục", "chất lượn", "word"),
        ("Kỷ năng sống được rèn luyện", "Kỷ năng", "word"),
        ("Ngày Nhà giáo Việt nam 20/11", "Việt nam", "name"),
        ("tư tưởng Hồ chí minh", "Hồ chí minh", "name"),
    ],
)
def test_each_kind_of_slip(text, words, kind):
    (slip,) = misspellings(text)
    assert (slip.words, slip.kind) == (words, kind)


def test_a_bound_syllable_alone_is_a_slip_for_a_free_word():
    (slip,) = misspellings("Đặc biệt đã tổ chức tố Hội thi “Tiếng hát học đường”")
    assert (slip.words, slip.suggestions, slip.kind) == ("tố", ("tốt", "tổ"), "word")
    (slip,) = misspellings("Kết quả học tập. Tố hơn năm trước")
    assert slip.suggestions == ("Tốt", "Tổ")


@pytest.mark.parametrize("text", [
    "phát hiện những nhân tố tích cực", "không có đơn thư phản ánh, tố cáo, khiếu nại",
    "Yếu tố con người", "rèn luyện tố chất", "hormone nội tiết tố", "Tố cáo đúng pháp luật",
    "bài thơ của Tố Hữu", "Tố Hữu viết bài thơ",
])
def test_a_bound_syllable_inside_its_word_or_in_a_name_passes(text):
    assert misspellings(text) == []


def test_a_bound_syllable_does_not_form_a_word_across_punctuation():
    assert [m.words for m in misspellings("các yếu, tố cáo")] == []  # "tố cáo" still holds it
    assert [m.words for m in misspellings("nhân, tố Hội thi")] == ["tố"]


def test_bound_syllables_are_real_syllables_with_real_fixes():
    known = spelling.syllables()
    for syllable, (fixes, listed) in spelling_words.BOUND.items():
        assert syllable in known and all(f in known for f in fixes)
        assert all(syllable in word.split() for word in listed.split(", "))


def test_suggestions_keep_a_capital():
    (slip,) = misspellings("Kỷ năng sống")
    assert slip.suggestions == ("Kỹ năng",)


def test_right_text_foreign_words_and_acronyms_pass():
    text = (
        "Chi bộ đóng góp ý kiến; dạy học theo chủ đề; rèn kỹ năng sống; Thạc sỹ; "
        "CBGV-NV, HĐND, TNCSHCM; học trên Zalo, email; danh hiệu trường đạt chuẩn; "
        "đầu tư tương đối đồng bộ; hằng tháng sinh hoạt; làm nòng cốt; ngay từ đầu năm, "
        "từ đầu tư; số kết nạp; bắt đầu từ tháng 9; CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM; "
        "huyện Krông Búk, tỉnh Đắk Lắk.\nĐắk Nông giáp Bắc Kạn."
    )
    assert misspellings(text) == []


def test_a_slip_across_punctuation_is_not_a_word():
    assert misspellings("công tác dạy, dậy sớm") == []


def test_the_word_list_is_made_of_real_syllables():
    known = spelling.syllables()
    assert all(a in known and b in known for a, b in spelling.words())


def test_default_paragraphs_have_no_slip():
    assert misspellings(normalize_text(inspect.getsource(defaults))) == []


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_examples_have_no_spelling_warning(path):
    loaded = load_file(path)
    assert not [p for p in check_report(loaded.report) if p.message.startswith("Chính tả")]
    assert spelling.mixed_tone_problem(loaded.data) == []


def test_a_slip_in_a_paragraph_is_a_warning_naming_field_word_and_fix():
    data = load_file(ROOT / "examples" / "thcs-2026.yaml").report.model_dump(mode="json")
    data["narrative"]["results"]["professional"] = ["Đổi mới phương pháp dậy học, phát triển năng lưc."]
    problems = [p for p in check_report(Report.model_validate(data)) if p.message.startswith("Chính tả")]
    assert [(p.path, p.severity.value) for p in problems] == [("narrative.results.professional", "cảnh báo")] * 2
    assert "«lưc»" in problems[0].message and "«lực»" in problems[0].message
    assert "«dậy học»" in problems[1].message and "«dạy học»" in problems[1].message


def test_a_missing_dictionary_is_said(monkeypatch, tmp_path):
    spelling.syllables.cache_clear()
    monkeypatch.setattr(spelling, "DICTIONARY", tmp_path / "none.dic")
    try:
        with pytest.raises(spelling.DictionaryMissing, match="hunspell-vi"):
            misspellings("học lưc")
    finally:
        spelling.syllables.cache_clear()


def test_mixed_tone_styles_are_one_warning_in_chibo_check(tmp_path):
    from click.testing import CliRunner

    from chibo.cli import cli

    text = (ROOT / "examples" / "thcs-2026.yaml").read_text(encoding="utf-8")
    # the example is written "hòa, thủy"; one paragraph typed the other way, and a typo
    assert "dân chủ hóa" not in text
    text = text.replace("    ideology: |\n", "    ideology: |\n      Làm tốt công tác xã hội hoá, dân chủ hóa trường học; học lưc tốt.\n", 1)
    path = tmp_path / "bao-cao.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "Chính tả" in line]
    assert len(lines) == 2, result.output
    assert "«lưc»" in lines[0] and "«lực»" in lines[0]
    assert "«hoá»" in lines[1] and "«hóa»" in lines[1] and "narrative.results.ideology" in lines[1]


def test_the_model_makes_one_style_so_the_check_reads_the_typed_data():
    typed = {"narrative": {"opening": "xã hội hoá", "results": {"ideology": "dân chủ hóa"}}}
    (problem,) = spelling.mixed_tone_problem(typed)
    assert problem.severity.value == "cảnh báo" and problem.path in {"narrative.opening", "narrative.results.ideology"}
    typed["left_out"] = ["narrative.opening"]
    assert spelling.mixed_tone_problem(typed) == []
    typed["structure"] = {"extra": [{"title": "Dân vận", "paragraphs": ["chi uỷ"]}, "odd"]}
    (problem,) = spelling.mixed_tone_problem(typed)
    assert problem.path in {"narrative.results.ideology", "structure.extra[0].paragraphs"}
    assert spelling.mixed_tone_problem(None) == []



def test_results_grounds_and_extra_sections_are_checked_too():
    data = load_file(ROOT / "examples" / "thcs-2026.yaml").report.model_dump(mode="json")
    data["achievements"].append("Liên đội đạt danh hiệu Liên đội mạnh; Việt nam")
    data["structure"]["grounds"] = ["Căn cứ kế hoạch rèn kỷ năng sống"]
    data["structure"]["extra"] = [
        {"after": "narrative.results.ideology", "title": "Công tác dân vận", "paragraphs": ["Học lưc tốt."]}
    ]
    problems = [p for p in check_report(Report.model_validate(data)) if p.message.startswith("Chính tả")]
    assert {p.path: p.message.split("«")[-1] for p in problems} == {
        "achievements": "Việt Nam»? Hãy sửa lại nếu gõ nhầm.",
        "structure.grounds": "kỹ năng»? Hãy sửa lại nếu gõ nhầm.",
        "structure.extra[0].paragraphs": "lục»? Hãy sửa lại nếu gõ nhầm.",
    }
