"""Writing output files without ever leaving half of one."""

from __future__ import annotations

import errno
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


_REASONS = {
    errno.ENOENT: "không tạo được tệp ở đó (thư mục không có, hoặc không cho tạo tệp)",
    errno.EACCES: "không có quyền truy cập ở đó",
    errno.EPERM: "không có quyền truy cập ở đó",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENOSPC: "ổ đĩa hết chỗ",
    errno.EDQUOT: "đã hết hạn mức dung lượng",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EEXIST: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EISDIR: "đó là một thư mục",
    errno.ENAMETOOLONG: "tên tệp quá dài",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused to read or write a file, in Vietnamese."""
    return _REASONS.get(exc.errno, f"lỗi hệ thống «{exc.strerror or exc}»")
