"""The one build pipeline that the MkDocs plugin, ``threatpub check`` and ``threatpub stage``
all call: what is judged, what is kept out (pages, attachments), which links are unlinked,
which paths are refused, what goes in reports and the ledger.

It imports the core, the scanners, the rules and the reports, and never MkDocs: the doors
(:mod:`mkdocs_threatpub.plugin`, :mod:`mkdocs_threatpub.cli`) translate their events,
arguments and files into its calls.
"""
