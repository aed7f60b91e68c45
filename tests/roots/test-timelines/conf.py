"""Five episodes of one show with one guest, two to a page: timelines split into pages."""

extensions = ["myst_parser", "sphinx_podcast_ext"]
exclude_patterns = ["_build"]
podcast_page_size = 2
