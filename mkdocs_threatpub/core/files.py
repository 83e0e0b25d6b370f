"""Writing the files the tool produces (reports, the baseline, a staged config).

The tool writes regular files only. A path that names a folder, a device node (``/dev/null``,
``/dev/full``), a FIFO or a socket is refused before anything is written: replacing it
through a temporary file would destroy the device, or turn the pipe another program reads
into a plain file. A symbolic link is followed, so the file it points to is the one
replaced and the link stays a link; the doors check beforehand where that file lies
(:mod:`mkdocs_threatpub.pipeline.paths`).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from mkdocs_threatpub.core.i18n import Text, t

__all__ = ["NotRegularFile", "file_kind", "kind_of_mode", "write_text_atomically"]


class NotRegularFile(OSError):
    """The path exists and is not a regular file; ``strerror`` says what it is."""


def file_kind(path: Path | str) -> Text | None:
    """What ``path`` is when it exists and is not a regular file (symbolic links followed):
    "a folder", "a character device", …; ``None`` for a regular file or nothing."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return None  # the caller's own open or write reports why
    return kind_of_mode(mode)


def kind_of_mode(mode: int) -> Text | None:
    """What a file of ``mode`` (``st_mode``) is when not a regular file; ``None`` if it is."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return t("a folder", "文件夹")
    if stat.S_ISCHR(mode):
        return t("a character device", "字符设备")
    if stat.S_ISBLK(mode):
        return t("a block device", "块设备")
    if stat.S_ISFIFO(mode):
        return t("a FIFO (named pipe)", "命名管道（FIFO）")
    if stat.S_ISSOCK(mode):
        return t("a socket", "套接字")
    return t("not a regular file", "非普通文件")


def _refuse_non_regular(path: Path) -> None:
    kind = file_kind(path)
    if kind is not None:
        code = errno.EISDIR if stat.S_ISDIR(os.stat(path).st_mode) else errno.EEXIST
        reason = t(
            f"it is {kind}, not a regular file (threatpub writes only regular files)",
            f"它是{kind}，不是普通文件（threatpub 只写入普通文件）",
        )
        raise NotRegularFile(code, reason, str(path))


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary sibling that replaces it, so no
    reader ever sees half a file and a crash leaves the old one whole.

    Raises :class:`NotRegularFile` (an ``OSError``) without writing anything when ``path``
    (or the file a symbolic link there points to) exists and is not a regular file.
    """
    target = Path(os.path.realpath(path))
    _refuse_non_regular(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        # mkstemp's 0600 would hide the file from CI artifact steps and from git.
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        _refuse_non_regular(target)  # still nothing else there, just before the swap
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
