"""Import legacy podcast-summary posts as MyST pages (the ``sphinx-podcast`` command).

Pure Python (standard library and PyYAML); nothing here imports Sphinx, so the
importer runs wherever the package is installed, without a Sphinx project.

The pipeline, one module per concern:

* :mod:`.source` finds post files and reads them as text;
* :mod:`.legacy` splits a post into front matter and body and validates it
  (with :mod:`.dates` for lenient date parsing);
* :mod:`.blocks` cuts a Markdown body into blocks;
* :mod:`.quotes`, :mod:`.episode` and :mod:`.related` recognize key quotes,
  the "watch the podcast" link and "read another blog" footers;
* :mod:`.convert` turns a body into MyST, :mod:`.myst` writes front matter,
  directives and the ``import_hash`` stamp;
* :mod:`sphinx_podcast_ext.slugs` names the output files, :mod:`.writer` writes them safely;
* :mod:`.pipeline` runs an import, :mod:`.report` shows progress and messages,
  :mod:`.scaffold` creates new posts, and :mod:`.cli` is the command line.
"""

from __future__ import annotations

from ..slugs import post_slug, slugify
from .pipeline import ImportOptions, ImportReport, import_posts

__all__ = ["ImportOptions", "ImportReport", "import_posts", "post_slug", "slugify"]
