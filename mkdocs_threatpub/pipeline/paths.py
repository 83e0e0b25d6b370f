"""Where the tool may write: every door refuses the same places.

Reports, the ledger and the baseline name held pages. Inside ``site_dir`` they would be
published with the site; inside ``docs_dir`` MkDocs would copy them into it. The plugin's
options, ``threatpub check --output`` and ``threatpub baseline --output`` all go through
:func:`output_file` or :func:`refuse_published`:

- the decision is made on the real path: symbolic links are resolved (for a file that does
  not exist yet, its folder's), so a link into ``site_dir`` or ``docs_dir`` is refused too;
- a path that exists and is not a regular file (a folder, a device such as ``/dev/null``, a
  FIFO, a socket) is refused: it is never replaced;
- a file the door will write (``writing``) must be writable where it is: the build checks
  this when it starts (``on_config``), not after the whole site is built.

Every message names the option, the path as written, the real path when it differs, what
was expected and a safe example (``.threatpub/…`` beside ``mkdocs.yml``), in English and
Chinese.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs_threatpub.core.files import file_kind
from mkdocs_threatpub.core.i18n import Text, spaced, t, zh
from mkdocs_threatpub.pipeline.options import SiteLayout

__all__ = [
    "RefusedPath",
    "cannot_write",
    "option_name",
    "output_file",
    "refuse_published",
    "usable_output",
]

# The name a safe example uses when the path given has no file name of its own (a folder).
_EXAMPLE_NAMES = {"report": "report.json", "ledger": "ledger.jsonl", "baseline": "baseline.json"}


class RefusedPath(ValueError):
    """A path the tool will not write to; the message (a :class:`Text`, in English and
    Chinese) names the option, the path and why."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message


def option_name(option: str) -> Text:
    """How messages name a plugin option."""
    return t(f"threatpub option '{option}'", f"threatpub 选项 '{option}'")


def output_file(
    option: str, value: str | None, layout: SiteLayout, *, writing: bool = False
) -> Path | None:
    """A file option of the plugin (``report``, ``ledger``, ``baseline``), relative to
    ``mkdocs.yml``, as its real path; refused inside ``site_dir`` or ``docs_dir``, when it
    is not a regular file, and (``writing``) when it cannot be written. ``None`` when the
    option is not set."""
    if not value:
        return None
    example = _example(layout.config_dir / value, _EXAMPLE_NAMES.get(option, "report.json"))
    return refuse_published(
        layout.config_dir / value,
        option_name(option),
        layout,
        shown=value,
        writing=writing,
        example=example,
    )


def refuse_published(
    path: Path,
    what: str,
    layout: SiteLayout,
    shown: str | None = None,
    *,
    writing: bool = False,
    example: str | None = None,
) -> Path:
    """``path`` as its real path (symbolic links resolved); a :class:`RefusedPath` naming
    ``what`` (and the path as the user wrote it, ``shown``) when it lies inside ``site_dir``
    (it would be published) or ``docs_dir`` (MkDocs would copy it into the site), and
    otherwise as :func:`usable_output` says."""
    written = shown or str(path)
    absolute = Path(os.path.abspath(path))
    real = Path(os.path.realpath(absolute))
    example = example or _example(absolute, "report.json")
    resolves = _resolves(written, absolute, real, absolute_too=False)
    for name, folder in (("site_dir", layout.site_dir), ("docs_dir", layout.docs_dir)):
        plain = Path(os.path.abspath(folder))
        folder_real = Path(os.path.realpath(plain))
        if _inside(real, folder_real) or _inside(absolute, plain):
            why = (
                t("so it would be published with the site", "因此会随站点一起发布")
                if name == "site_dir"
                else t(
                    "and MkDocs copies the files of docs_dir into the site, so it would be "
                    "published",
                    "而 MkDocs 会把 docs_dir 中的文件复制到站点中，因此会被发布",
                )
            )
            raise RefusedPath(
                t(
                    f"{what}: {written}{resolves} is inside {name} ({folder_real}), {why}. "
                    "Expected a path outside docs_dir and site_dir (symbolic links are "
                    f"followed), such as '{example}' beside mkdocs.yml.",
                    f"{zh(what)}：{_zh_path(written, resolves)}位于 {name}（{folder_real}）内，"
                    f"{zh(why)}。应使用 docs_dir 和 site_dir 之外的路径（符号链接按其实际"
                    f"指向判断），例如 mkdocs.yml 旁的 '{example}'。",
                )
            )
    return usable_output(absolute, what, written, writing=writing, example=example)


def usable_output(
    path: Path,
    what: str,
    shown: str | None = None,
    *,
    writing: bool = True,
    example: str | None = None,
) -> Path:
    """``path`` as its real path, when it is (or can become) a regular file; with
    ``writing``, one this user can write (the file, or the nearest folder that exists on
    its way). A :class:`RefusedPath` naming ``what`` otherwise; nothing is written."""
    written = shown or str(path)
    absolute = Path(os.path.abspath(path))
    real = Path(os.path.realpath(absolute))
    example = example or _example(absolute, "report.json")
    resolves = _resolves(written, absolute, real)
    kind = file_kind(real)
    if kind is not None:
        raise RefusedPath(
            t(
                f"{what}: {written}{resolves} exists and is {kind}, not a regular file; "
                "threatpub writes only regular files and never replaces a folder, a device, "
                f"a FIFO or a socket. Expected the path of a file, such as '{example}'.",
                f"{zh(what)}：{_zh_path(written, resolves)}已存在，且是{zh(kind)}，"
                "不是普通文件；"
                "threatpub 只写入普通文件，绝不替换文件夹、设备、命名管道或套接字。"
                f"应使用文件路径，例如 '{example}'。",
            )
        )
    if writing:
        reason = _unwritable(real)
        if reason is not None:
            raise RefusedPath(
                t(
                    f"{what}: cannot write {written}{resolves}: {reason}. Expected a path "
                    f"this user can write, such as '{example}'.",
                    f"{zh(what)}：无法写入 {written}{zh(resolves)}：{zh(reason)}。"
                    f"应使用当前用户可写的路径，例如 '{example}'。",
                )
            )
    return real


def cannot_write(what: str, path: Path | str, exc: OSError) -> Text:
    """The message for a write that failed although :func:`usable_output` allowed it (the
    disk is full, the folder changed meanwhile): ``what``, the path and the system's reason."""
    reason = exc.strerror or type(exc).__name__
    return t(
        f"{what}: cannot write {path}: {reason}. Expected a path this user can write on a "
        "disk with free space; nothing was written there.",
        f"{zh(what)}：无法写入 {path}：{zh(reason)}。应使用当前用户可写、且磁盘有剩余空间的"
        "路径；该文件未被写入。",
    )


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _resolves(written: str, absolute: Path, real: Path, *, absolute_too: bool = True) -> Text:
    """Where the path written leads, when that is not plain from it: its real path (through
    links), or (``absolute_too``) its absolute path, for a path relative to mkdocs.yml or
    the working folder."""
    if absolute != real:
        return t(f" (which resolves to {real})", f"（实际路径为 {real}）")
    if absolute_too and written != str(absolute):
        return t(f" ({absolute})", f"（{absolute}）")
    return t("", "")


def _zh_path(written: str, resolves: Text) -> str:
    """The path as written (and where it resolves) at the start of a Chinese clause."""
    return spaced(written + zh(resolves)).lstrip()


def _example(path: Path, default: str) -> str:
    """A safe path to suggest: ``.threatpub/`` and the file's name (``default`` when the
    path names no file: a folder, or a name without an extension)."""
    name = path.name
    return f".threatpub/{name if Path(name).suffix and not path.is_dir() else default}"


def _unwritable(real: Path) -> Text | None:
    """Why this user cannot write ``real`` (a regular file or nothing yet), or ``None``."""
    if real.exists():
        if not os.access(real, os.W_OK):
            return t("the file is read-only for this user", "该文件对当前用户只读")
        folder = real.parent
    else:
        folder = real.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent  # the folders a write creates: their nearest ancestor
    if not folder.is_dir():
        return t(
            f"{folder} is not a folder, so no file can be made under it",
            f"{folder} 不是文件夹，无法在其下创建文件",
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        return t(
            f"the folder {folder} is not writable by this user",
            f"当前用户无法写入文件夹 {folder}",
        )
    return None
