"""Import legacy podcast-summary posts as MyST pages (the ``sphinx-podcast`` command).

Pure Python (standard library, PyYAML, text-unidecode); nothing here imports
Sphinx, so the importer runs wherever the package is installed.

The pipeline, one module per concern:

* :mod:`.source` finds post files (skipping FIFOs and symlinks out of the
  folder) and reads them as text;
* :mod:`.legacy` reads the front matter (YAML, TOML, JSON or none, through
  :mod:`sphinx_podcast_ext.frontmatter`) and maps it onto the schema with the
  key table of :mod:`.mapping`, with :mod:`.dates` for the dates archives write:
  :mod:`.legacy.fields` reads the post's own fields, :mod:`.legacy.episode` the
  episode, each taking keys from a :mod:`.legacy.reading`;
* :mod:`.syntax` turns Hugo, Liquid and Obsidian syntax, HTML comments and
  players into MyST, one module per syntax (:mod:`.syntax.markup`,
  :mod:`.syntax.players`, :mod:`.syntax.hugo`, :mod:`.syntax.liquid`,
  :mod:`.syntax.obsidian`, sharing :mod:`.syntax.context`); :mod:`.blocks` cuts
  the body into blocks;
* :mod:`.quotes`, :mod:`.episode`, :mod:`.people` and :mod:`.related` recognize
  key quotes, the episode link, guests and shows in titles, and "read another
  blog" footers;
* :mod:`.convert` turns a body into MyST; :mod:`.links` makes links between
  posts document links; :mod:`.timecodes` links time codes into the episode;
  :mod:`.myst` writes directives and the ``import_hash`` stamp;
* :mod:`sphinx_podcast_ext.slugs` names the output files, :mod:`.writer` writes
  them safely;
* :mod:`.pipeline` runs an import (:mod:`.pipeline.episode` gathers each page's
  episode, :mod:`.pipeline.naming` names the pages, :mod:`.pipeline.output`
  writes them), :mod:`.report` shows progress, messages and the migration
  report, :mod:`.scaffold` creates new posts, and :mod:`.cli` is the command
  line.
"""

from __future__ import annotations

from ..slugs import post_slug, slugify
from .pipeline import ImportOptions, ImportReport, import_posts

__all__ = ["ImportOptions", "ImportReport", "import_posts", "post_slug", "slugify"]
