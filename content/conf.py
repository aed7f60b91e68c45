"""Configuration of the podcast archive site.

This is the reference configuration: copy it to start your own archive.
Build it with ``python3 dev.py site`` (or ``sphinx-build -W content content/_build/html``).
"""

from __future__ import annotations

import os

# -- Project ---------------------------------------------------------------------------
project = "Podcast Archive"
author = "The archive's editors"
copyright = "2026, the archive's editors"  # noqa: A001 (Sphinx's name)
language = "en"

# -- Extensions --------------------------------------------------------------------------
extensions = [
    "myst_parser",  # posts are Markdown with YAML front matter
    "sphinx_design",  # cards and grids (also loaded by sphinx_podcast_ext)
    # ablog (archives by year and tag, the Atom feed) set up by the extension, so that
    # reading is parallel-safe and the archives are paginated and cached; then
    # sphinx_podcast_ext: key quotes, episodes, related posts, guest/show/quote pages.
    "sphinx_podcast_ext.blog",
]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
exclude_patterns = ["_build", "requirements.txt", "README.md"]
# The imported sample post links to a post that is not in this archive yet
# (see posts/…-john-schulman-…md): its card is shown unlinked. Remove this line
# once every related post has been imported, so that broken links fail the build.
suppress_warnings = ["podcast.related"]

# -- Where the site lives -------------------------------------------------------------------
# The public URL turns on canonical links, OpenGraph URLs, the Atom feed and the
# sitemap. Set PODCAST_BASE_URL, or let Read the Docs provide its canonical URL.
BASE_URL = os.environ.get("PODCAST_BASE_URL") or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
html_baseurl = BASE_URL
if BASE_URL:
    extensions.append("sphinx_sitemap")  # sitemap.xml, which needs the public URL
    sitemap_url_scheme = "{link}"

# -- Blog (ablog) ----------------------------------------------------------------------------
# Posts are recognized from their front matter (a date) by sphinx_podcast_ext;
# nobody writes `blogpost: true`. ablog marks them orphans, so the navigation
# never lists the whole archive (pages stay small as the archive grows).
blog_path = "blog"
blog_title = project
blog_baseurl = BASE_URL  # the Atom feed is written only when this is set
blog_feed_archives = False
blog_feed_length = 50
post_date_format = "%d %B %Y"
post_date_format_short = "%d %b %Y"
post_auto_excerpt = 1
post_show_prev_next = False
# Set explicitly: otherwise pydata-sphinx-theme sets it while the build starts,
# after Sphinx compared the configuration with the saved one, so every build
# looks like a configuration change and re-reads every post.
fontawesome_included = True

# -- sphinx_podcast_ext ---------------------------------------------------------------------------
# Every value has a sensible default; these are the ones an archive usually sets.
podcast_default_embed = "click"  # privacy-friendly click-to-load players
podcast_excerpt_length = 180
podcast_related_limit = 3
podcast_pages_prefix = ""  # guests/…, shows/…, quotes
podcast_date_format = "%-d %B %Y"  # 15 May 2024, everywhere on the site
podcast_page_size = 24  # posts per archive page (blog/tag/ai, blog/page/2 …)
# Search with Pagefind: the index is loaded a chunk at a time (Sphinx's searchindex.js
# is downloaded whole: 0.9 MB at 1,000 posts), with filters for show, guest, speaker,
# tag and year. Needs pagefind[bin] (requirements.txt); without it, Sphinx's search.
podcast_search = "pagefind"

# -- HTML ------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = project
html_theme_options = {
    "navbar_align": "left",
    "show_prev_next": False,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
# Without a default mode pydata-sphinx-theme logs "invalid theme mode" on a first visit.
html_context = {"default_mode": "auto"}
# The archive's own navigation (episodes, guests, shows, quotes, tags, years and the
# feed) is in the header (podcast_navigation): no page needs a left sidebar.
html_sidebars: dict[str, list[str]] = {"**": []}
html_static_path: list[str] = []
