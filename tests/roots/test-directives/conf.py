extensions = ["myst_parser", "sphinx_podcast_ext"]
project = "Podcast test"
exclude_patterns = ["_build"]
