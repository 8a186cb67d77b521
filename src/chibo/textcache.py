"""A bounded cache of what was worked out from a text, keyed by the text's digest.

Reports repeat the same paragraphs (autosaves with one field changed, default and
carried-over paragraphs across an office's cells), so their checks are worth keeping.
Keying by a 16-byte digest keeps only the answers: an ``lru_cache`` on the text would
also keep up to its size in texts (1,024 paragraphs of 20,000 characters: 40 MB).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class TextCache(Generic[T]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[bytes, T] = OrderedDict()
        self._lock = threading.Lock()  # the web app serves requests from several threads

    def get(self, text: str, compute: Callable[[str], T]) -> T:
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute(text)  # outside the lock: a slow text never holds up the others
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
