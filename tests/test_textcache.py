"""The text cache keeps answers, not texts, and no more than its size."""

import sys

from chibo.textcache import TextCache


def test_an_answer_is_worked_out_once_per_text_and_the_oldest_goes_first():
    calls = []
    cache = TextCache(2)

    def work(text):
        calls.append(text)
        return len(text)

    assert cache.get("một", work) == 3 and cache.get("một", work) == 3
    cache.get("hai", work)
    cache.get("một", work)  # used again: now the newest
    cache.get("ba", work)  # pushes out «hai», the oldest
    cache.get("một", work)
    cache.get("hai", work)
    assert calls == ["một", "hai", "ba", "hai"]
    assert len(cache) == 2


def test_long_texts_are_not_kept():
    cache = TextCache(8)
    text = "đảng viên " * 10_000
    before = sys.getrefcount(text)
    cache.get(text, len)
    assert sys.getrefcount(text) == before  # only its digest is held


def test_a_lone_surrogate_is_a_text_like_any_other():
    assert TextCache(1).get("a\udc80b", len) == 3
