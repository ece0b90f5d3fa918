"""``python -m ingest [PATH ...] [--rebuild] [--json]`` (same as ``metodeguide ingest``)."""

from ingest.cli import main

raise SystemExit(main())
