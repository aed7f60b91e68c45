"""``python -m sphinx_podcast_ext``: the ``sphinx-podcast`` command line."""

from sphinx_podcast_ext.importer.cli import main

raise SystemExit(main())
