"""`python -m mkdocs_threatpub` is the `threatpub` command."""

from __future__ import annotations

import sys

from mkdocs_threatpub.cli import main

if __name__ == "__main__":
    sys.exit(main())
