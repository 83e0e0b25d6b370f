"""Read a site's ``mkdocs.yml`` for the command line, without loading the site's plugins.

``threatpub check`` runs in pre-commit environments that have this package (and so MkDocs)
but maybe not the site's theme or other plugins; ``mkdocs.config.load_config`` would import
them all. Here the YAML is read with a loader that tolerates MkDocs' tags (``!ENV``,
``!relative``, ``!!python/name:``), ``INHERIT`` is followed, and only the ``threatpub``
options are validated, by the same ``ThreatpubConfig`` the plugin uses.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mkdocs_threatpub.config import ThreatpubConfig
from mkdocs_threatpub.core.inherit import merge_inherited
from mkdocs_threatpub.core.navtitles import nav_titles

__all__ = ["SiteConfig", "SiteConfigError", "load_site"]


class SiteConfigError(Exception):
    """``mkdocs.yml`` or the plugin's options cannot be used (CLI exit code 2)."""


class _TolerantLoader(yaml.SafeLoader):
    pass


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = (
        [loader.construct_scalar(node)]
        if isinstance(node, yaml.ScalarNode)
        else loader.construct_sequence(node)  # type: ignore[arg-type]
    )
    *keys, default = names if len(names) > 1 else (*names, None)
    for key in keys:
        if str(key) in os.environ:
            return yaml.safe_load(os.environ[str(key)])
    return default


def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    return None


_TolerantLoader.add_constructor("!ENV", _env)
_TolerantLoader.add_multi_constructor("!", _ignore)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)


@dataclass(frozen=True)
class SiteConfig:
    config_file: Path
    docs_dir: Path
    site_dir: Path
    options: ThreatpubConfig
    plugin_listed: bool
    exclude_docs: str = ""
    warnings: tuple[str, ...] = ()
    nav_titles: dict[str, str] = field(default_factory=dict)

    @property
    def config_dir(self) -> Path:
        return self.config_file.parent

    def excluded(self, src_uri: str) -> bool:
        """Whether MkDocs leaves ``src_uri`` (docs-relative) out: its defaults + exclude_docs."""
        return _exclude_spec(self.exclude_docs).match_file(src_uri)


@functools.lru_cache(maxsize=8)
def _exclude_spec(exclude_docs: str) -> Any:
    import pathspec  # a dependency of MkDocs, which uses it for exclude_docs

    # As mkdocs.structure.files.set_exclusions: MkDocs' defaults, then `exclude_docs`.
    lines = [".*", "/templates/", *exclude_docs.splitlines()]
    return pathspec.gitignore.GitIgnoreSpec.from_lines(lines)


def _read(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    if path in seen:
        raise SiteConfigError(f"{path}: INHERIT loops back to itself")
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_TolerantLoader)  # noqa: S506 - SafeLoader subclass
    except OSError as exc:
        raise SiteConfigError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise SiteConfigError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise SiteConfigError(f"{path}: expected a mapping of options")
    parent = data.pop("INHERIT", None)
    if parent:
        base = _read((path.parent / str(parent)).resolve(), (*seen, path))
        data = merge_inherited(base, data)
    return data


def _plugin_options(plugins: Any) -> tuple[bool, dict[str, Any]]:
    if isinstance(plugins, dict):
        items = list(plugins.items())
    elif isinstance(plugins, list):
        items = [
            next(iter(entry.items())) if isinstance(entry, dict) and entry else (entry, None)
            for entry in plugins
        ]
    else:
        items = []
    for name, options in items:
        if isinstance(name, str) and name.split("/")[-1] == "threatpub":
            return True, options if isinstance(options, dict) else {}
    return False, {}


def load_site(config_file: Path) -> SiteConfig:
    config_file = config_file.resolve()
    data = _read(config_file)
    listed, raw_options = _plugin_options(data.get("plugins"))
    options = ThreatpubConfig(config_file_path=str(config_file))
    options.load_dict(raw_options)
    errors, option_warnings = options.validate()
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
        _exclude_spec(exclude_docs)
    except ValueError as exc:
        raise SiteConfigError(f"{config_file}: exclude_docs: {exc}") from None
    docs_dir = (config_file.parent / str(data.get("docs_dir") or "docs")).resolve()
    site_dir = (config_file.parent / str(data.get("site_dir") or "site")).resolve()
    if not docs_dir.is_dir():
        raise SiteConfigError(f"{config_file}: docs_dir {docs_dir} does not exist")
    return SiteConfig(
        config_file,
        docs_dir,
        site_dir,
        options,
        listed,
        exclude_docs,
        tuple(f"'threatpub' plugin option {key!r}: {msg}" for key, msg in option_warnings),
        nav_titles(data.get("nav")),
    )
