extensions = ["myst_parser", "sphinx_podcast_ext"]
project = "Episode warnings"
exclude_patterns = ["_build"]
