"""Sphinx configuration of the sphinx-podcast-ext documentation.

The documentation is built with the extension itself: every directive on
these pages is rendered live by the code it documents.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx_podcast_ext import __version__

# The local helper extension that generates the configuration and warning
# tables from the package's own code (docs/_ext/podcast_docs.py).
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

# -- Project -------------------------------------------------------------------
project = "sphinx-podcast-ext"
author = "the sphinx-podcast-ext authors"
copyright = "2026, the sphinx-podcast-ext authors"
version = release = __version__

# -- General -------------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_podcast_ext",
    "podcast_docs",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "requirements.txt"]
templates_path: list[str] = []

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
# Headings get anchors so pages can link to sections with [text](page.md#anchor).
myst_heading_anchors = 3

# -- Extension settings (the defaults, written out as an example) ---------------
podcast_title_to_header = True
podcast_episode_card = "top"
podcast_default_embed = "link"
podcast_related_limit = 3
podcast_related_columns = 3
podcast_excerpt_length = 240

# -- HTML ------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"sphinx-podcast-ext {release}"
html_theme_options = {
    # The theme switcher cycles light / dark / auto (follow the system).
    "navbar_end": ["theme-switcher", "navbar-icon-links"],
    "navbar_align": "left",
    "header_links_before_dropdown": 5,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_context = {"default_mode": "auto"}
html_static_path = ["_static"]
html_css_files = ["docs.css"]
# No left sidebar: the top navigation bar lists every page, and the example
# posts link to each other.
html_sidebars = {"**": []}

# -- LaTeX -----------------------------------------------------------------------
# Posts are full of non-ASCII text (names, arrows, "▶" in examples); XeLaTeX
# handles Unicode without per-character setup.
latex_engine = "xelatex"
latex_documents = [
    ("index", "sphinx-podcast-ext.tex", "sphinx-podcast-ext", author, "manual"),
]
