"""A problem found in a report file: where, how bad, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "lỗi"
    WARNING = "cảnh báo"


@dataclass(frozen=True)
class Problem:
    path: str  # dotted field path, e.g. "members.roster[2].official_on"
    severity: Severity
    message: str  # Vietnamese, names the field and says how to fix it
    line: int | None = None  # line in the source file, when known
    # For people editing the YAML file only (the CLI shows it, the web never does):
    # the message itself names fields by their labels and levels by their names.
    hint: str = ""
    # The field is only empty: the editor flags it once the user has left the field
    # (or at submission), not on first opening a new draft.
    empty: bool = False

    def __str__(self) -> str:
        where = f"dòng {self.line}: " if self.line else ""
        hint = f" {self.hint}" if self.hint else ""
        return f"{where}{self.path or '(tệp)'} [{self.severity.value}] {self.message}{hint}"


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]
