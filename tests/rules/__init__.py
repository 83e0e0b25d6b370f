"""Rule boundary tests: one file per rule, driven through the real `threatpub` CLI."""
