"""The YAML a report is written as reads back, through the CLI's loader, to the same data."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chibo.loader import parse_text
from chibo.writer import report_yaml

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_an_example_written_out_reads_back_the_same(path):
    original = parse_text(path.read_text(encoding="utf-8"))
    assert original.report is not None and original.data is not None
    text = report_yaml(original.data, ["Báo cáo thử", "dòng hai"])
    assert text.startswith("# Báo cáo thử\n# dòng hai\n")
    again = parse_text(text)
    assert again.problems == []
    assert again.data == original.data
    assert again.report == original.report


def test_keys_come_in_the_models_order_whatever_order_the_data_has():
    text = report_yaml({"members": {"women": "3", "start_of_year": "20"}, "meta": {"place": "X"}, "year": 2026})
    assert text.index("year:") < text.index("meta:") < text.index("members:")
    assert text.index("start_of_year") < text.index("women")


_PIECES = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff\ufeff\x85\u2028\u2029") | st.sampled_from(
    ["\n", "\t", ": ", "- ", "#", "'", '"', "&a", "*b", "!x", "{", "[", "đ", "Ư", " ", "\n\n", "true", "12", "~"]
)
_PRINTABLE = st.lists(_PIECES, max_size=20).map("".join)


@settings(max_examples=150, deadline=None)
@given(paragraph=_PRINTABLE, name=_PRINTABLE)
def test_any_text_a_user_types_reads_back_as_typed(paragraph, name):
    data = {"year": 2027, "meta": {"signer_name": name}, "narrative": {"results": {"ideology": paragraph}}}
    again = parse_text(report_yaml(data))
    assert again.data is not None, again.problems
    expected = {"year": "2027", "meta": {"signer_name": name}, "narrative": {"results": {"ideology": paragraph}}}
    assert again.data == expected
