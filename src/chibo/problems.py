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

    def __str__(self) -> str:
        where = f"dòng {self.line}: " if self.line else ""
        return f"{where}{self.path or '(tệp)'} [{self.severity.value}] {self.message}"


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]
