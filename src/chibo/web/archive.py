"""A ZIP of stored files, streamed: names safe on Windows, memory bounded by one file."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import quote

# Characters Windows refuses in a file name, and the control characters.
_RESERVED_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
# Room for the folder a user unzips into, within Windows' 260-character paths.
MAX_STEM = 120


def safe_name(stem: str, ext: str) -> str:
    """`stem.ext` as Windows, macOS and Linux all accept it (NFC, no reserved
    characters or device names, no trailing dot or space, bounded length)."""
    text = unicodedata.normalize("NFC", stem)
    text = _RESERVED_CHARS.sub("_", text)
    text = " ".join(text.split())[:MAX_STEM].rstrip(" .")
    if not text:
        text = "_"
    if text.split(".")[0].rstrip(" ").upper() in _RESERVED_NAMES:
        text = f"_{text}"
    return f"{text}.{ext}"


def unique_names(stems: Iterable[str], ext: str) -> list[str]:
    """Safe names, made distinct where two would be the same file on Windows
    (which ignores case): the later ones get " (2)", " (3)" …"""
    taken: set[str] = set()
    names = []
    for stem in stems:
        name = safe_name(stem, ext)
        n = 1
        while name.casefold() in taken:
            n += 1
            base = safe_name(stem, ext)[: -len(ext) - 1]
            name = f"{base[: MAX_STEM - 6]} ({n}).{ext}"
        taken.add(name.casefold())
        names.append(name)
    return names


def content_disposition(filename: str) -> str:
    """An attachment header any browser reads: an ASCII fallback and the UTF-8 name (RFC 6266/5987)."""
    # Đ has no decomposition: without this "Đông Thành" would fall back to "ong Thanh".
    ascii_name = filename.replace("Đ", "D").replace("đ", "d")
    ascii_name = unicodedata.normalize("NFKD", ascii_name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r'[^A-Za-z0-9 ._()-]', "_", ascii_name) or "tep"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


class _Pipe:
    """A write-only stream zipfile writes into; what it wrote is taken out chunk by chunk."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._offset = 0

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:  # zipfile asks where each member starts
        return self._offset

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def stream_zip(members: Iterable[tuple[str, tuple, Callable[[], bytes]]]) -> Iterator[bytes]:
    """The ZIP of (name, date_time, load) members, yielded as it is written. Each member's bytes
    are loaded only when its turn comes, so memory holds one file at a time. The
    files (DOCX, PDF) are already compressed: they are stored, not deflated again."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, date_time, load in members:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, load())
            yield pipe.take()
    yield pipe.take()  # the central directory, written on close
