"""mkdocs-threatpub: judge threat-information pages before they go public.

The package has a pure core (:mod:`mkdocs_threatpub.core`, :mod:`mkdocs_threatpub.rules`,
:mod:`mkdocs_threatpub.reports`) that never imports MkDocs, and two thin adapters over it:
the MkDocs plugin (:mod:`mkdocs_threatpub.plugin`) and the command line
(:mod:`mkdocs_threatpub.cli`).
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
