extensions = ["myst_parser", "sphinx_podcast_ext"]
project = "Related"
exclude_patterns = ["_build"]
