extensions = ["myst_parser", "sphinx_podcast_ext"]
project = "Search & Find"
exclude_patterns = ["_build"]
podcast_search = "pagefind"
