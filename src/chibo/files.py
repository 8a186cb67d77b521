"""Writing output files without ever leaving half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


# mkstemp creates files readable by their owner only; outputs get the usual mode.
_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target and rename: a failed write keeps the old file whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
