"""Article 4 content scanning: a line-mapped document model, decoded views and detectors.

Pure like the core (no MkDocs). Three stages, as gitleaks and TruffleHog do: a keyword
prefilter, then patterns (RE2, linear time), then validators and context (checksums,
co-occurrence in one code block, nearby words). Strong signals hold a page; weak ones warn.
"""
