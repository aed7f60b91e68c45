extensions = ["myst_parser", "sphinx_podcast_ext"]
project = "Episodes"
exclude_patterns = ["_build"]
