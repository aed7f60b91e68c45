extensions = ["myst_parser", "sphinx_podcast_ext"]
project = "Front matter warnings"
exclude_patterns = ["_build"]
