extensions = ["myst_parser", "sphinx_podcast_ext"]
project = "Web & Meta"
exclude_patterns = ["_build"]
# Raw HTML in Markdown is the author's own markup; switch it off so that the
# hostile page shows its text as text and any <script> could only come from metadata.
myst_disable_syntax = ["html_block", "html_inline"]
# No search box, whose inline <script> is the theme's only one.
html_sidebars = {"**": ["localtoc.html", "relations.html"]}
