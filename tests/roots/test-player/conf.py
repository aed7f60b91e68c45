extensions = ["myst_parser", "sphinx_podcast_ext"]
project = "Player"
exclude_patterns = ["_build"]
podcast_default_embed = "click"
