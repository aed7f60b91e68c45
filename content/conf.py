"""Configuration of the podcast archive site (a minimal version; see docs/)."""

project = "Podcast Archive"
author = "The archive's editors"
copyright = "2026, the archive's editors"

extensions = ["myst_parser", "sphinx_design", "sphinx_podcast_ext"]
myst_enable_extensions = ["colon_fence", "deflist"]
exclude_patterns = ["_build", "requirements.txt"]
html_theme = "pydata_sphinx_theme"
html_title = "Podcast Archive"
