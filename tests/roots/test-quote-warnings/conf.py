extensions = ["myst_parser", "sphinx_podcast_ext"]
project = "Quote warnings"
exclude_patterns = ["_build"]
