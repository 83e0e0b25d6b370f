"""Reports: JSON (SPEC §4), text, the build summary and the serve banner. Pure, no MkDocs."""
