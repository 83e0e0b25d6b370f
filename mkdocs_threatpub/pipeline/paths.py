"""Where the tool may write: every door refuses the same places.

Reports, the ledger and the baseline name held pages; inside ``site_dir`` they would be
published with the site. The plugin's options, ``threatpub check --output`` and ``threatpub
baseline --output`` all go through :func:`output_file` or :func:`refuse_published`.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs_threatpub.pipeline.options import SiteLayout

__all__ = ["RefusedPath", "output_file", "refuse_published"]


class RefusedPath(ValueError):
    """A path the tool will not write to; the message names the option and why."""


def output_file(option: str, value: str | None, layout: SiteLayout) -> Path | None:
    """A file option of the plugin (``report``, ``ledger``, ``baseline``), relative to
    ``mkdocs.yml``; refused inside ``site_dir``. ``None`` when the option is not set."""
    if not value:
        return None
    what = f"threatpub option '{option}'"
    return refuse_published(layout.config_dir / value, what, layout, shown=value)


def refuse_published(path: Path, what: str, layout: SiteLayout, shown: str | None = None) -> Path:
    """``path`` made absolute; a :class:`RefusedPath` naming ``what`` (and the path as the
    user wrote it, ``shown``) when it lies inside ``site_dir``: it would be published."""
    absolute = Path(os.path.abspath(path))
    site = Path(os.path.abspath(layout.site_dir))
    if absolute == site or site in absolute.parents:
        raise RefusedPath(
            f"{what}: {shown or path} is inside site_dir ({site}), so it would be published "
            "with the site. Expected a path outside site_dir, such as "
            f"'.threatpub/{absolute.name}'."
        )
    return absolute
