"""Bad-input cases about trust: user text that must never run, escape the output folder,
replace another page or go stale (issue 10), one case per attack.

They join :data:`cases.CASES`, so every corpus test checks them too (warnings at
their lines, text kept, no executable markup); ``test_trust.py`` builds them with
the reference configuration, seven themes and two builders.
"""

# ruff: noqa: E501  (test data: long one-line inputs)

from __future__ import annotations

from .cases import EP, Case, _post

XSS = "<img src=x onerror=alert(1)>"
ZWSP_NAME = "Tomas\u200b Ferreira"
SCRIPT = "<script>alert(1)</script>"


def _episode(guest: str = "Ada Lovelace", show: str = "Show", extra: str = "") -> str:
    return f"episode:\n  url: {EP}\n  guest: {guest}\n  show: {show}{extra}"


TRUST_CASES: list[Case] = [
    # -- names that reach page titles, breadcrumbs, navbars -------------------------------------
    Case(
        "trust-guest-markup",
        {
            "post.md": _post(
                f'title: "Guest markup"\ndate: 2024-03-01\n{_episode(guest=f"Mallory {XSS}")}'
            )
        },
        texts=(f"Mallory {XSS}",),
    ),
    Case(
        "trust-show-markup",
        {
            "post.md": _post(
                f'title: "Show markup"\ndate: 2024-03-02\n{_episode(show=f"{SCRIPT} Show")}'
            )
        },
        texts=(f"{SCRIPT} Show",),
    ),
    Case(
        "trust-title-script",
        {"post.md": _post(f'title: "{SCRIPT} titled"\ndate: 2024-03-03\ntags: [safe]')},
        warnings=(("post.md", 2, "podcast.html"),),
        texts=(f"{SCRIPT} titled",),
    ),
    Case(
        "trust-title-escaped-text",
        {
            "post.md": "---\ndate: 2024-03-04\n---\n\n# Escaped &lt;img src=x onerror=alert(1)&gt; heading\n\nBody text of the escaped heading.\n"
        },
        texts=("Escaped <img src=x onerror=alert(1)> heading", "Body text of the escaped heading."),
    ),
    Case(
        "trust-page-escaped-heading",
        {
            "page.md": "# Page &lt;script&gt;alert(1)&lt;/script&gt; title\n\nA page in the toctree.\n"
        },
        texts=("Page <script>alert(1)</script> title",),
        pages=("page",),
    ),
    Case(
        "trust-tag-markup",
        {"post.md": _post(f'title: "Tag markup"\ndate: 2024-03-05\ntags: ["{XSS}", "{SCRIPT}"]')},
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-tag-dots",
        {
            "post.md": _post(
                'title: "Tag dots"\ndate: 2024-03-06\ntags: ["..", "/", "./x", "index"]'
            )
        },
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-quote-speaker-markup",
        {
            "post.md": f'---\ntitle: "Quote speaker"\ndate: 2024-03-07\n---\n\nIntro paragraph.\n\n```{{key-quote}}\n:speaker: Eve {XSS}\n:role: {SCRIPT}\n\nA quote said by Eve.\n```\n'
        },
        texts=(f"Eve {XSS}", "A quote said by Eve."),
    ),
    Case(
        "trust-quote-closes-script",
        {
            "post.md": '---\ntitle: "Quote in JSON"\ndate: 2024-03-08\n---\n\n```{key-quote}\n:speaker: Jay Son\n\nA quote that says </script><script>alert(1)</script> in the middle.\n```\n'
        },
        warnings=(("post.md", 9, "podcast.html"),),
        texts=("A quote that says </script><script>alert(1)</script> in the middle.",),
    ),
    Case(
        "trust-episode-title-markup",
        {
            "post.md": _post(
                f'title: "Episode title"\ndate: 2024-03-09\n{_episode(extra=chr(10) + "  title: " + repr(SCRIPT))}'
            )
        },
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-jinja-in-title",
        {
            "post.md": _post(
                'title: "Braces {{ 7 * 7 }} and {% raw %}"\ndate: 2024-03-10\ntags: ["{{ config }}"]'
            )
        },
        texts=("Braces {{ 7 * 7 }} and {% raw %}",),
    ),
    Case(
        "trust-description-markup",
        {
            "post.md": _post(
                'title: "Description"\ndate: 2024-03-11\ndescription: "'
                + SCRIPT
                + ' described \\" onmouseover=alert(1) x=\\""'
            )
        },
        texts=("A plain first paragraph.",),
    ),
    # -- ablog's front-matter keys --------------------------------------------------------------
    Case(
        "trust-ablog-author-markup",
        {
            "post.md": _post(
                f'title: "Author"\ndate: 2024-03-17\nauthor: "{XSS}"\ncategory: "{SCRIPT}"\nlocation: "{XSS}"\nlanguage: "{SCRIPT}"'
            )
        },
        # MyST reads ``author`` as Markdown (its raw HTML is cleaned), the others as text.
        warnings=(("post.md", 4, "podcast.html"),),
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-sphinx-keys",
        {
            "post.md": _post(
                'title: "Sphinx keys"\ndate: 2024-03-18\ntocdepth: deep\nnosearch: false'
            )
        },
        warnings=(("post.md", 4, "podcast.metadata"), ("post.md", 5, "podcast.metadata")),
        texts=("A plain first paragraph.",),
    ),
    # -- <meta> from authors ----------------------------------------------------------------
    Case(
        "trust-html-meta-refresh",
        {
            "post.md": _post(
                'title: "Meta refresh"\ndate: 2024-03-19\nmyst:\n  html_meta:\n    "http-equiv=refresh": "0; url=https://evil.example/"\n    "property=og:image": "javascript:alert(1)"\n    "http-equiv=set-cookie": "a=b"'
            )
        },
        warnings=(
            ("post.md", 6, "podcast.html"),
            ("post.md", 7, "podcast.html"),
            ("post.md", 8, "podcast.html"),
        ),
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-rest-meta",
        {
            "page.rst": "Meta page\n=========\n\n.. meta::\n   :http-equiv=refresh: 0; url=https://evil.example/\n   :property=og:url: vbscript:msgbox(1)\n\nA reST page with meta.\n"
        },
        warnings=(("page.rst", None, "podcast.html"),),
        texts=("A reST page with meta.",),
        pages=("page",),
    ),
    # -- output paths ---------------------------------------------------------------------------
    Case(
        "trust-legacy-parent",
        {"post.md": _post('title: "Legacy parent"\ndate: 2024-03-20\nlegacy_slug: ../../escaped')},
        warnings=(("post.md", 4, "podcast.pages"),),
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-legacy-dot-index",
        {"post.md": _post('title: "Legacy index"\ndate: 2024-03-21\nlegacy_slug: ./index')},
        warnings=(("post.md", 4, "podcast.pages"),),
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-legacy-genindex",
        {"post.md": _post('title: "Legacy genindex"\ndate: 2024-03-22\nlegacy_slug: /genindex')},
        warnings=(("post.md", 4, "podcast.pages"),),
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-legacy-guests",
        {"post.md": _post('title: "Legacy guests"\ndate: 2024-03-23\nlegacy_slug: guests')},
        warnings=(("post.md", 4, "podcast.pages"),),
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-legacy-victim",
        {
            "post.md": _post(
                'title: "Legacy victim"\ndate: 2024-03-24\nlegacy_slug: cases/trust-legacy-victim/./victim'
            ),
            "victim.md": "# Victim page\n\nThe victim keeps its own words here.\n",
        },
        warnings=(("post.md", 4, "podcast.pages"),),
        texts=("The victim keeps its own words here.",),
        pages=("victim",),
    ),
    Case(
        "trust-legacy-victim-doc",
        {
            "post.md": _post(
                'title: "Legacy victim doc"\ndate: 2024-03-25\nlegacy_slug: cases/trust-legacy-victim-doc/victim'
            ),
            "victim.md": "# Second victim\n\nThis page must not become a redirect.\n",
        },
        warnings=(("post.md", 4, "podcast.pages"),),
        texts=("This page must not become a redirect.",),
        pages=("victim",),
    ),
    Case(
        "trust-legacy-hidden",
        {"post.md": _post('title: "Legacy hidden"\ndate: 2024-03-26\nlegacy_slug: .well-known/x')},
        warnings=(("post.md", 4, "podcast.pages"),),
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-legacy-static",
        {"post.md": _post('title: "Legacy static"\ndate: 2024-03-27\nlegacy_slug: _static/basic')},
        warnings=(("post.md", 4, "podcast.pages"),),
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-legacy-backslash",
        {
            "post.md": _post(
                'title: "Legacy backslash"\ndate: 2024-03-28\nlegacy_slug: "..\\\\..\\\\win"'
            )
        },
        warnings=(("post.md", 4, "podcast.pages"),),
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-legacy-html-suffix",
        {
            "post.md": _post(
                'title: "Legacy html suffix"\ndate: 2024-03-29\nlegacy_slug: old/site/legacy-html-suffix.html'
            )
        },
        texts=("A plain first paragraph.",),
    ),
    # -- names that slugify alike ----------------------------------------------------------------
    Case(
        "trust-guests-alike",
        {
            "a.md": _post(
                f'title: "Alike A"\ndate: 2024-04-01\n{_episode(guest="Tomás Ferreira")}'
            ),
            "b.md": _post(
                f'title: "Alike B"\ndate: 2024-04-02\n{_episode(guest="Tomas Ferreira")}'
            ),
            "c.md": _post(
                f'title: "Alike C"\ndate: 2024-04-03\n{_episode(guest="TOMAS FERREIRA")}'
            ),
            "d.md": _post(f'title: "Alike D"\ndate: 2024-04-04\n{_episode(guest=ZWSP_NAME)}'),
        },
        # The first by name ("TOMAS FERREIRA", c.md) keeps the page; the others move, each told.
        warnings=(
            ("a.md", 6, "podcast.pages"),
            ("b.md", 6, "podcast.pages"),
            ("d.md", 6, "podcast.pages"),
        ),
        texts=("A plain first paragraph.",),
        pages=("a", "b", "c", "d"),
    ),
    Case(
        "trust-shows-alike",
        {
            "a.md": _post(f'title: "Shows A"\ndate: 2024-04-05\n{_episode(show="Signal & Noise")}'),
            "b.md": _post(f'title: "Shows B"\ndate: 2024-04-06\n{_episode(show="signal-noise")}'),
        },
        warnings=(("b.md", 7, "podcast.pages"),),
        texts=("A plain first paragraph.",),
        pages=("a", "b"),
    ),
    Case(
        "trust-guest-index-name",
        {
            "post.md": _post(
                f'title: "Guest Index"\ndate: 2024-04-07\n{_episode(guest="Index", show="INDEX")}'
            )
        },
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-guest-genindex-name",
        {
            "post.md": _post(
                f'title: "Guest genindex"\ndate: 2024-04-08\n{_episode(guest="page", show="Genindex")}'
            )
        },
        texts=("A plain first paragraph.",),
    ),
    # -- URLs ----------------------------------------------------------------------------------
    Case(
        "trust-episode-platforms",
        {
            "post.md": _post(
                'title: "Platforms"\ndate: 2024-04-09\nepisode:\n  url: https://example.com/ep\n  spotify: "javascript:alert(1)"\n  apple: "data:text/html,x"\n  rss: "vbscript:x"'
            )
        },
        warnings=(
            ("post.md", 6, "podcast.url"),
            ("post.md", 7, "podcast.url"),
            ("post.md", 8, "podcast.url"),
        ),
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-markdown-links",
        {
            "post.md": '---\ntitle: "Links"\ndate: 2024-04-10\n---\n\nA [click](javascript:alert(1)) and a [data](data:text/html,x) link and ![img](javascript:alert(2)).\n'
        },
        # markdown-it refuses these link targets: the Markdown stays visible as written.
        texts=("A [click](javascript:alert(1)) and a [data](data:text/html,x) link",),
    ),
    Case(
        "trust-raw-svg",
        {
            "post.md": '---\ntitle: "SVG"\ndate: 2024-04-11\n---\n\n<svg><script>alert(1)</script></svg> after the svg.\n\n<a href="jav&#x09;ascript:alert(1)">tabbed</a> link.\n'
        },
        warnings=(("post.md", 6, "podcast.html"), ("post.md", 8, "podcast.html")),
        texts=("after the svg.", "tabbed link."),
    ),
    Case(
        "trust-raw-form",
        {
            "post.md": '---\ntitle: "Form"\ndate: 2024-04-12\n---\n\n<form action="https://evil.example"><button formaction="javascript:alert(1)">Go</button></form> form text.\n'
        },
        warnings=(("post.md", 6, "podcast.html"),),
        texts=("form text.",),
    ),
    Case(
        "trust-related-title-markup",
        {
            "post.md": f'---\ntitle: "Related markup"\ndate: 2024-04-13\n---\n\nText.\n\n```{{related-posts}}\n{SCRIPT} <other>\n```\n',
            "other.md": _post(f'title: "{XSS} other"\ndate: 2024-04-14'),
        },
        warnings=(("other.md", 2, "podcast.html"),),
        pages=("post", "other"),
        texts=("Text.",),
    ),
    Case(
        "trust-guest-role-xref",
        {
            "post.md": f'---\ntitle: "Role xref"\ndate: 2024-04-15\n---\n\nSee {{podcast:guest}}`Nobody {XSS}` here.\n'
        },
        warnings=(("post.md", 6, "podcast.pages"),),
        texts=("here.",),
    ),
    Case(
        "trust-many-unknown-episode-keys",
        {
            "post.md": _post(
                'title: "Many keys"\ndate: 2024-04-16\nepisode:\n  url: '
                + EP
                + "\n"
                + "".join(f"  key{i}: v\n" for i in range(4000)).rstrip("\n")
            )
        },
        warnings=(("post.md", None, "podcast.episode"),),
        texts=("A plain first paragraph.",),
    ),
]

#: Cases about the front-matter keys ablog acts on: they warn only where ablog is loaded,
#: so they are built with ablog (``test_trust.py``), not in the plain corpus.
ABLOG_CASES: list[Case] = [
    Case(
        "trust-ablog-image-path",
        {"post.md": _post('title: "Image path"\ndate: 2024-03-12\nimage: /covers/x.jpg')},
        warnings=(("post.md", 4, "podcast.blog"),),
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-ablog-external-link",
        {
            "post.md": _post(
                'title: "External link"\ndate: 2024-03-13\nexternal_link: javascript:alert(1)'
            )
        },
        warnings=(("post.md", 4, "podcast.blog"),),
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-ablog-canonical-data",
        {
            "post.md": _post(
                'title: "Canonical"\ndate: 2024-03-14\ncanonical_link: "data:text/html,<script>alert(1)</script>"'
            )
        },
        warnings=(("post.md", 4, "podcast.blog"),),
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-ablog-redirect-escape",
        {
            "post.md": _post(
                'title: "Redirect escape"\ndate: 2024-03-15\nredirect: ../../outside, javascript:alert(1)'
            )
        },
        warnings=(("post.md", 4, "podcast.blog"),),
        texts=("A plain first paragraph.",),
    ),
    Case(
        "trust-ablog-excerpt-word",
        {"post.md": _post('title: "Excerpt word"\ndate: 2024-03-16\nexcerpt: many')},
        warnings=(("post.md", 4, "podcast.blog"),),
        texts=("A plain first paragraph.",),
    ),
]
