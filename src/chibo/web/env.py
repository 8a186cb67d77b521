"""Reading the web app's settings from the environment, one parser for each kind of value.

Used by settings.py and by the CLI before Django is set up, so it imports nothing of Django.
"""

from __future__ import annotations

import os

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off", "")


class EnvError(ValueError):
    """A variable whose value cannot be read; the message is for the user, in Vietnamese."""


def flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise EnvError(f"{name}={os.environ[name]!r} không hợp lệ: dùng 1/0 (hoặc true/false, yes/no, on/off).")


def number(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        result = int(value)
    except ValueError:
        raise EnvError(f"{name}={value!r} không hợp lệ: cần một số nguyên.") from None
    if result < minimum:
        raise EnvError(f"{name}={value!r} không hợp lệ: cần một số nguyên không nhỏ hơn {minimum}.")
    return result


def choice(name: str, default: str, choices: list[str]) -> str:
    value = os.environ.get(name, "").strip().upper() or default
    if value not in choices:
        raise EnvError(f"{name}={os.environ[name]!r} không hợp lệ: chọn một trong {', '.join(choices)}.")
    return value


def items(name: str, default: str = "") -> list[str]:
    """A comma-separated list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]
