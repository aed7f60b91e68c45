extensions = ["myst_parser", "sphinx_podcast_ext"]
project = "Warnings"
exclude_patterns = ["_build"]
