"""Field paths: ``"members.roster[2].events[0].on"`` names one place in a report's data.

The one reader and writer of paths: the model's labels, the loader's problems, the
web's saves and steps, drafts and tests all walk the data through here. A path is
names joined by dots, with ``[n]`` after a list; :func:`check` bounds a path that
came from outside (length, depth, index) before anything walks it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MAX_LENGTH = 120
MAX_DEPTH = 12  # the model nests six deep
MAX_INDEX = 999_999_999  # nine digits, as a save has always accepted

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
# A well-formed path: identifiers, dots, bracketed row numbers of at most nine digits.
_WELL_FORMED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]{1,9}\])*\Z")

Part = str | int


class PathError(ValueError):
    """A path that is not well formed or is over a bound."""


@lru_cache(maxsize=8192)
def _parts(path: str) -> tuple[Part, ...]:
    return tuple(int(index) if index else name for name, index in _PART.findall(path))


def parts(path: str) -> tuple[Part, ...]:
    """The names and row numbers along ``path``: ``"a.b[2].c"`` → ``("a", "b", 2, "c")``.

    Lenient: a part that is not an identifier (a level code from a file) is kept as written.
    """
    return _parts(path)


def check(path: object) -> tuple[Part, ...]:
    """The parts of a path sent from outside; :class:`PathError` if it is not a well-formed,
    bounded path."""
    if not isinstance(path, str) or len(path) > MAX_LENGTH or not _WELL_FORMED.match(path):
        raise PathError(f"not a field path: {path!r:.80}")
    found = _parts(path)
    if len(found) > MAX_DEPTH:
        raise PathError(f"path too deep: {path!r:.80}")
    return found


def join(parts: tuple[Part, ...] | list[Part]) -> str:
    """The path of these parts (the inverse of :func:`parts`)."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def names(path: str) -> list[str]:
    """The names along ``path``, row numbers left out: what a model walk follows."""
    return [part for part in _parts(path) if isinstance(part, str)]


def top(path: str) -> str:
    """The first name of a path ("" for an empty one)."""
    found = _parts(path or "")
    return str(found[0]) if found else ""


def parent(path: str) -> str:
    """The path one step up ("" at the top)."""
    return join(_parts(path)[:-1])


def _child(node: Any, part: Part) -> Any:
    if isinstance(part, int):
        return node[part] if isinstance(node, list) and 0 <= part < len(node) else None
    return node.get(part) if isinstance(node, dict) else None


def get(data: Any, path: str, default: Any = None) -> Any:
    """The value at ``path``, or ``default`` when any step of it is missing or of another shape."""
    node = data
    for part in _parts(path):
        node = _child(node, part)
        if node is None:
            return default
    return node


def put(data: dict, path: str, value: Any) -> None:
    """Set ``value`` at ``path``, making (or replacing odd-shaped) groups and rows on the way;
    a row number past the end pads the list with None."""
    found = _parts(path)
    if not found:
        raise PathError("empty path")
    node = data
    for part, following in zip(found, found[1:]):
        want = list if isinstance(following, int) else dict
        child = _child(node, part)
        if not isinstance(child, want):
            child = want()
            _put(node, part, child)
        node = child
    _put(node, found[-1], value)


def _put(node: Any, part: Part, value: Any) -> None:
    if isinstance(part, int):
        node.extend([None] * (part + 1 - len(node)))
    node[part] = value


def delete(data: Any, path: str) -> bool:
    """Remove what is at ``path``; False when there was nothing to remove."""
    found = _parts(path)
    if not found:
        return False
    node = get(data, join(found[:-1])) if len(found) > 1 else data
    last = found[-1]
    if isinstance(last, int):
        if isinstance(node, list) and 0 <= last < len(node):
            del node[last]
            return True
        return False
    if isinstance(node, dict) and last in node:
        del node[last]
        return True
    return False
