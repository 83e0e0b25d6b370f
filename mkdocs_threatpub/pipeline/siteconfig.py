"""Reading a site's ``mkdocs.yml`` without MkDocs (for ``threatpub check`` and ``stage``).

``threatpub check`` runs in pre-commit environments that may lack the site's theme and other
plugins, which ``mkdocs.config.load_config`` would import; ``stage`` serves hosts that run
no MkDocs plugins at all. So the YAML is read here, ``INHERIT`` followed and merged as MkDocs
merges it, in one of two ways:

- :func:`read_config` resolves ``!ENV`` as MkDocs does (with ``yaml_env_tag``, the package
  MkDocs uses) and leaves other tags (``!relative``, ``!!python/name:``) unresolved: enough
  to read the options, folders and nav;
- :func:`read_config_keeping_tags` keeps every tag as it was written
  (:class:`Tagged`), so that ``stage --config-out`` can write the config back for MkDocs to
  resolve.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

# yaml_env_tag (MkDocs' own !ENV constructor) ships no type information.
from yaml_env_tag import construct_env_tag  # type: ignore[import-untyped]

from mkdocs_threatpub.core.inherit import merge_inherited

__all__ = [
    "ConfigFileError",
    "Tagged",
    "plugin_options",
    "read_config",
    "read_config_keeping_tags",
    "tagged_yaml",
    "without_plugin",
]


class ConfigFileError(ValueError):
    """``mkdocs.yml`` (or a file it inherits) cannot be read; the message names the file."""


class Tagged:
    """A YAML value with a tag MkDocs resolves (``!ENV``, ``!relative``,
    ``!!python/name:``), kept as written."""

    def __init__(self, tag: str, kind: str, value: Any) -> None:
        self.tag, self.kind, self.value = tag, kind, value


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.MappingNode):
        return Tagged(node.tag, "mapping", loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, "sequence", loader.construct_sequence(node, deep=True))
    return Tagged(node.tag, "scalar", loader.construct_scalar(node))  # type: ignore[arg-type]


def _construct_unresolved(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """Tags other than ``!ENV`` name things only MkDocs can resolve (a path relative to the
    config, a Python object); what ``check`` reads never depends on them."""
    return loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None


class _KeepingLoader(yaml.SafeLoader):
    pass


_KeepingLoader.add_multi_constructor("!", _construct_tagged)
_KeepingLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


class _ReadingLoader(yaml.SafeLoader):
    pass


_ReadingLoader.add_constructor("!ENV", construct_env_tag)
_ReadingLoader.add_multi_constructor("!", _construct_unresolved)
_ReadingLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_unresolved)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if data.kind == "mapping":
        return dumper.represent_mapping(data.tag, data.value)
    if data.kind == "sequence":
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Dumper.add_representer(Tagged, _represent_tagged)


def read_config(config_file: Path) -> dict[str, Any]:
    """``mkdocs.yml`` with ``INHERIT`` merged and ``!ENV`` resolved."""
    return _read_chain(Path(os.path.abspath(config_file)), _ReadingLoader, ())


def read_config_keeping_tags(config_file: Path) -> dict[str, Any]:
    """``mkdocs.yml`` with ``INHERIT`` merged and every tag kept (:class:`Tagged`)."""
    return _read_chain(Path(os.path.abspath(config_file)), _KeepingLoader, ())


def tagged_yaml(data: Mapping[str, Any]) -> str:
    """``data`` as YAML, :class:`Tagged` values written back with their tags."""
    return yaml.dump(dict(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _read_chain(
    path: Path, loader: type[yaml.SafeLoader], seen: tuple[Path, ...]
) -> dict[str, Any]:
    if path in seen:
        raise ConfigFileError(f"{path}: INHERIT loops back to itself")
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=loader)  # noqa: S506 - SafeLoader subclass
    except OSError as exc:
        raise ConfigFileError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigFileError(f"{path}: invalid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigFileError(f"{path}: expected a mapping of options")
    parent = data.pop("INHERIT", None)
    if parent:
        base = _read_chain(Path(os.path.normpath(path.parent / str(parent))), loader, (*seen, path))
        data = merge_inherited(base, data)
    return dict(data)


def _plugin_entries(plugins: Any) -> list[tuple[Any, Any]] | None:
    """(name, options) of each entry of ``plugins:`` (a list or a mapping), else None."""
    if isinstance(plugins, dict):
        return list(plugins.items())
    if isinstance(plugins, list):
        return [
            next(iter(entry.items()))
            if isinstance(entry, dict) and len(entry) == 1
            else (entry, None)
            for entry in plugins
        ]
    return None


def _is_threatpub(name: Any) -> bool:
    # A plugin may be named with its package's prefix (`mkdocs_threatpub/threatpub`).
    return isinstance(name, str) and name.split("/")[-1] == "threatpub"


def plugin_options(plugins: Any) -> dict[str, Any]:
    """The ``threatpub`` plugin's options in a ``plugins:`` value ({} when not listed).

    As MkDocs reads them (``config_options.Plugins.load_plugin``): an empty value means the
    defaults, any other value that is not a mapping is refused (``- threatpub: yes``).
    """
    for name, options in _plugin_entries(plugins) or []:
        if _is_threatpub(name):
            if not options:
                return {}
            if not isinstance(options, dict):
                found = repr(options)
                if isinstance(options, bool):  # `- threatpub: yes`
                    found = f"{str(options).lower()} (YAML reads an unquoted yes or on as true)"
                raise ConfigFileError(
                    f"plugins: invalid config options for the '{name}' plugin: expected its "
                    f"options as a mapping, or nothing, found {found}. Write `- {name}` "
                    f"for the defaults, or the options indented under `- {name}:` (such as "
                    "`language: zh` on the next line)"
                )
            return options
    return {}


def without_plugin(plugins: Any) -> list[Any]:
    """``plugins:`` without the ``threatpub`` entry (a list, as MkDocs accepts both)."""
    entries = _plugin_entries(plugins)
    if entries is None:
        raise ConfigFileError(
            "cannot drop the threatpub plugin from `plugins:` (neither a list nor a mapping)"
        )
    return [
        name if options is None else {name: options}
        for name, options in entries
        if not _is_threatpub(name)
    ]
