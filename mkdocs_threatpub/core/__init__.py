"""The pure core: page model, schema, rules engine, policy and verdicts.

Nothing under this package imports MkDocs (a test checks it), so the same judgement runs in
the MkDocs plugin, in the command line and in any other host.
"""
