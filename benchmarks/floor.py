"""The benchmark's floor: read every Markdown page under a folder and YAML-parse its front
matter with PyYAML's C loader, as DESIGN.md defines it. Nothing else."""

from __future__ import annotations

import os
import sys

import yaml


def main(root: str) -> int:
    parsed = 0
    for folder, _, names in os.walk(root):
        for name in names:
            if not name.endswith(".md"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                text = handle.read()
            if text.startswith("---\n"):
                end = text.find("\n---", 3)
                yaml.load(text[4:end], Loader=yaml.CSafeLoader)
                parsed += 1
    print(parsed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
