extensions = ["myst_parser", "sphinx_podcast_ext"]
project = "Quotes"
exclude_patterns = ["_build"]
