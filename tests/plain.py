"""What a problem shown in the web app may not contain: field paths, codes, YAML words.

The rule: a message (``Problem.message``) is read by a teacher in a browser, so it
names fields by the model's labels and levels by their names. What only a person
editing the YAML file needs (keys, codes, "- " lists) goes in ``Problem.hint``,
which the CLI prints and the web never shows.
"""

from __future__ import annotations

import re

from chibo import labels
from chibo.scales import SCALES, ScaleCode

# "members.end_of_year", "members.roster[2]", "meta.date": ASCII words joined by dots or [n].
_PATH = re.compile(r"(?<![\w/])[a-z_]+(?:\.[a-z_]+|\[\d+\])+")
# "«level: …»", "«cell_name:": a YAML key to add.
_KEY = re.compile(r"«[a-z_]+:")
_YAML_WORDS = re.compile(r"YAML|\btrue\b|\bfalse\b|\btệp\b|«- »", re.IGNORECASE)


def _codes() -> set[str]:
    codes = {m.value for enum in vars(labels).values()
             if isinstance(enum, type) and issubclass(enum, labels.LabelledEnum) and enum is not labels.LabelledEnum
             for m in enum}
    codes |= {m.value for m in ScaleCode}
    for scale in SCALES.values():
        for levels in (scale.conduct.levels, scale.learning.levels, scale.titles):
            codes |= {code for code, _ in levels}
    return codes


# Codes that are also Vietnamese words written without marks ("xa" far, "nam" south).
_ALSO_WORDS = {"xa", "nam"}
CODES = _codes() - _ALSO_WORDS
_CODE = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, CODES), key=len, reverse=True)) + r")(?!\w)")


def leaks(message: str) -> list[str]:
    """The pieces of a message a web user should never read; [] when it is plain."""
    found = [m.group(0) for m in _PATH.finditer(message)]
    found += [m.group(0) for m in _KEY.finditer(message)]
    found += [m.group(0) for m in _YAML_WORDS.finditer(message)]
    found += [m.group(0) for m in _CODE.finditer(message)]
    return found


def assert_plain(problems) -> None:
    bad = [(p.path, p.message, leaks(p.message)) for p in problems if leaks(p.message)]
    assert not bad, "messages for the web with paths, codes or YAML words:\n" + "\n".join(map(str, bad))
