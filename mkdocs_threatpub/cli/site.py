"""Reading a site's ``mkdocs.yml`` for the commands, without loading the site's plugins.

The YAML is read by :mod:`mkdocs_threatpub.pipeline.siteconfig` (``INHERIT``, ``!ENV``);
only the ``threatpub`` options are validated, by the same
:class:`~mkdocs_threatpub.config.ThreatpubConfig` the plugin uses (MkDocs' config machinery,
which is what makes this module a door).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs_threatpub.config import ThreatpubConfig, options_from
from mkdocs_threatpub.core.navtitles import nav_titles
from mkdocs_threatpub.pipeline.options import Options, SiteLayout, mkdocs_excludes
from mkdocs_threatpub.pipeline.siteconfig import ConfigFileError, plugin_options, read_config

__all__ = ["Site", "SiteConfigError", "read_site"]


@dataclass(frozen=True)
class Site:
    """A site's ``mkdocs.yml``, read for a command: the plugin's options and the layout."""

    options: Options
    layout: SiteLayout
    warnings: tuple[str, ...] = ()

    @property
    def config_file(self) -> Path:
        return self.layout.config_file


class SiteConfigError(Exception):
    """``mkdocs.yml`` or the plugin's options cannot be used (CLI exit code 2)."""


def read_site(config_file: Path) -> Site:
    config_file = config_file.resolve()
    try:
        data = read_config(config_file)
    except ConfigFileError as exc:
        raise SiteConfigError(str(exc)) from None
    try:
        options = plugin_options(data.get("plugins"))
    except ConfigFileError as exc:
        raise SiteConfigError(f"{config_file}: {exc}") from None
    config = ThreatpubConfig(config_file_path=str(config_file))
    config.load_dict(options)
    errors, option_warnings = config.validate()
    if errors:
        detail = "; ".join(f"{key}: {err}" for key, err in errors)
        raise SiteConfigError(f"{config_file}: invalid 'threatpub' plugin options: {detail}")
    exclude_docs = data.get("exclude_docs") or ""
    if not isinstance(exclude_docs, str):
        raise SiteConfigError(
            f"{config_file}: exclude_docs: expected a multiline string of gitignore-style "
            f"patterns, found a {type(exclude_docs).__name__}"
        )
    try:
        mkdocs_excludes(exclude_docs)
    except ValueError as exc:
        raise SiteConfigError(f"{config_file}: exclude_docs: {exc}") from None
    docs_dir = (config_file.parent / str(data.get("docs_dir") or "docs")).resolve()
    site_dir = (config_file.parent / str(data.get("site_dir") or "site")).resolve()
    if not docs_dir.is_dir():
        raise SiteConfigError(f"{config_file}: docs_dir {docs_dir} does not exist")
    site_url = data.get("site_url")
    layout = SiteLayout(
        config_file=config_file,
        docs_dir=docs_dir,
        site_dir=site_dir,
        exclude_docs=exclude_docs,
        site_url=site_url if isinstance(site_url, str) else None,
        use_directory_urls=data.get("use_directory_urls", True) is not False,
        nav_titles=nav_titles(data.get("nav")),
    )
    warnings = tuple(f"'threatpub' plugin option {key!r}: {msg}" for key, msg in option_warnings)
    return Site(options_from(config), layout, warnings)
