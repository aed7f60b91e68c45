extensions = ["myst_parser", "sphinx_podcast_ext"]
project = "Front matter"
exclude_patterns = ["_build"]
