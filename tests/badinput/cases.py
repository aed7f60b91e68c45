"""The bad-input corpus: every case is a small set of source files plus what must happen.

Cases are data, written into a project by :func:`write_project`; large inputs
(a 1 MB quote, 10,000 tags, an enormous front-matter value) are generated
here rather than committed. Files given as ``bytes`` are written as they are
(NUL bytes, lone surrogates encoded as UTF-8 would, byte-order marks).

For each case:

* ``warnings``: ``(file, line, type)`` that the build must report, ``type`` being a
  ``podcast.<subtype>`` or another of Sphinx's/MyST's warning types, or ``None``
  for Sphinx messages that have no type (``ERROR`` lines included); ``line``
  ``None`` means "any line, but one is given";
* ``texts``: sentences that must still be visible (as text, escaped) on the case's
  pages after the build.
"""

# ruff: noqa: RUF001, E501  (test data: right-to-left text, look-alikes, long one-line inputs)

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: The 1 MB quote; its first and last sentences are checked.
BIG_FIRST = "The first sentence of a very long quote stays visible."
BIG_LAST = "The last sentence of a very long quote stays visible too."
BIG_BODY = BIG_FIRST + " " + "words " * (1024 * 1024 // 6) + BIG_LAST
ENORMOUS_DESCRIPTION = "Enormous description sentence. " + "x" * 300_000
MANY_TAGS = [f"tag{i}" for i in range(10_000)]


@dataclass(frozen=True)
class Case:
    """One bad input: files (path relative to the case folder → text or bytes) and outcomes."""

    name: str
    files: dict[str, str | bytes]
    warnings: tuple[tuple[str, int | None, str | None], ...] = ()
    texts: tuple[str, ...] = ()
    #: Pages (docnames relative to the case folder) whose text must contain ``texts``.
    pages: tuple[str, ...] = ("post",)
    kind: str = "frontmatter"
    #: ``False`` for cases too big for the parallel-equals-serial and ablog builds.
    small: bool = True


def _post(front: str, body: str = "## Headline\n\nA plain first paragraph.\n") -> str:
    return f"---\n{front.strip()}\n---\n\n{body}"


EP = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"

CASES: list[Case] = [
    # -- front matter -----------------------------------------------------------------------
    Case(
        "fm-invalid-yaml",
        {"post.md": _post('title: "Unclosed\ndate: [2024-01-01\ntags: {a: b')},
        warnings=(("post.md", 1, "myst.topmatter"), ("post.md", 7, "myst.header")),
        texts=("A plain first paragraph.",),
    ),
    Case(
        "fm-tags-number",
        {"post.md": _post('title: "Tags as a number"\ndate: 2024-01-02\ntags: 5')},
        warnings=(("post.md", 4, "podcast.metadata"),),
        texts=("Tags as a number", "A plain first paragraph."),
    ),
    Case(
        "fm-impossible-date",
        {"post.md": _post('title: "Impossible date"\ndate: 2024-13-45')},
        # MyST alone drops the whole front matter ("Malformed YAML"), losing the title;
        # the value is read as text instead, so only the date is reported.
        warnings=(("post.md", 3, "podcast.metadata"),),
        texts=("Impossible date", "2024-13-45", "A plain first paragraph."),
    ),
    Case(
        "fm-title-list",
        {"post.md": _post("title: [first part, second part]\ndate: 2024-01-03")},
        warnings=(("post.md", 2, "podcast.metadata"),),
        texts=("first part", "second part"),
    ),
    Case(
        "fm-missing-title",
        {"post.md": _post("date: 2024-01-04\ntags: [Untitled]", "A post without any heading.\n")},
        warnings=(("../../index.md", 3, "toc.no_title"),),
        texts=("A post without any heading.",),
    ),
    Case(
        "fm-duplicate-keys",
        {"post.md": _post('title: "First title"\ndate: 2024-01-05\ntitle: "Second title"')},
        warnings=(("post.md", 4, "podcast.metadata"),),
        texts=("Second title",),
    ),
    Case(
        "fm-enormous-value",
        {
            "post.md": _post(
                f'title: "Enormous"\ndate: 2024-01-06\ndescription: "{ENORMOUS_DESCRIPTION}"'
            )
        },
        texts=("Enormous", "A plain first paragraph."),
        small=False,
    ),
    Case(
        "fm-episode-list",
        {"post.md": _post('title: "Episode as a list"\ndate: 2024-01-07\nepisode: [1, 2]')},
        warnings=(("post.md", 4, "podcast.metadata"),),
        texts=("Episode as a list",),
    ),
    Case(
        "fm-not-a-mapping",
        {"post.md": "---\n- just\n- a list\n---\n\n# Listed\n\nBody of a list front matter.\n"},
        warnings=(("post.md", 1, "myst.topmatter"),),
        texts=("Body of a list front matter.",),
    ),
    Case(
        "fm-yaml-tag",
        {"post.md": _post('title: "Tagged scalar"\ndate: 2024-01-10\ncount: !!int abc')},
        # Read as the text it is (MyST alone would drop the whole front matter, title included).
        warnings=(("post.md", 4, "podcast.metadata"),),
        texts=("Tagged scalar", "A plain first paragraph."),
    ),
    Case(
        "fm-bad-timestamp-tag",
        {"post.md": _post('title: "Tagged date"\ndate: 2024-01-11\nwhen: !!timestamp not-a-date')},
        warnings=(("post.md", 4, "podcast.metadata"),),
        texts=("Tagged date", "A plain first paragraph."),
    ),
    Case(
        "fm-episode-unknown-field",
        {
            "post.md": _post(
                f'title: "Unknown field"\ndate: 2024-01-08\nepisode:\n  url: {EP}\n  colour: blue'
            )
        },
        warnings=(("post.md", 6, "podcast.episode"),),
        texts=("Unknown field",),
    ),
    # -- directives ----------------------------------------------------------------------------
    Case(
        "dir-quote-missing",
        {
            "post.md": "# Quotes\n\n```{key-quote}\nNobody said this sentence.\n```\n\n"
            "```{key-quote}\n:speaker: Someone\n```\n"
        },
        warnings=(("post.md", 3, "podcast.quote"), ("post.md", 7, "podcast.quote")),
        texts=("Nobody said this sentence.", "Someone"),
        kind="directive",
    ),
    Case(
        "dir-quote-bad-options",
        {
            "post.md": "# Quote options\n\n```{key-quote}\n:speaker: Ada\n:timestamp: 99:99\n"
            ":episode: nowhere\nA quote with a bad timestamp.\n```\n\n"
            "```{key-quote}\n:speaker: Ada\n:bogus: 1\nA quote with an unknown option.\n```\n"
        },
        warnings=(("post.md", 5, "podcast.timestamp"), ("post.md", 12, "myst.directive_option")),
        texts=("A quote with a bad timestamp.", "99:99"),
        kind="directive",
    ),
    Case(
        "dir-episode-bad",
        {
            "post.md": "# Episodes\n\n```{episode}\n```\n\n```{episode} " + EP + "\n"
            ":embed: sideways\n:duration: forever\n:start: -5\n:date: someday\n:spotify: ftp://x\n"
            "Notes under a bad episode.\n```\n"
        },
        warnings=(
            ("post.md", 3, "podcast.url"),
            ("post.md", 7, "podcast.embed"),
            ("post.md", 8, "podcast.timestamp"),
            ("post.md", 9, "podcast.timestamp"),
            ("post.md", 10, "podcast.metadata"),
            ("post.md", 11, "podcast.url"),
            ("post.md", 6, "podcast.episode"),
        ),
        texts=("Notes under a bad episode.", "someday", "forever"),
        kind="directive",
    ),
    Case(
        "dir-related-bad-options",
        {
            "post.md": "# Related options\n\n```{related-posts}\n:limit: -1\n:columns: 99\n"
            ":title: <b>Bold heading</b>\n```\n\n```{related-posts}\n:limit: zero\n```\n"
        },
        warnings=(
            ("post.md", 4, "podcast.option"),
            ("post.md", 5, "podcast.option"),
            ("post.md", 10, "podcast.option"),
        ),
        texts=(),
        kind="directive",
    ),
    Case(
        "dir-listings-bad",
        {
            "post.md": "# Listings\n\n```{latest-posts}\n:limit: abc\n```\n\n"
            "```{podcast-index} planets\n```\n\n```{podcast-index}\n```\n\nText after listings.\n"
        },
        warnings=(
            ("post.md", 4, "myst.directive_option"),
            ("post.md", 7, "docutils"),
            ("post.md", 10, "docutils"),
        ),
        texts=("Text after listings.",),
        kind="directive",
    ),
    Case(
        "dir-empty-bodies",
        {
            "post.md": "# Empty\n\n```{related-posts}\n```\n\n```{episode} " + EP + "\n```\n\n"
            "```{key-quote}\n:speaker: Empty Quote\n```\n\nText after empty bodies.\n"
        },
        warnings=(("post.md", 9, "podcast.quote"),),
        texts=("Text after empty bodies.", "Empty Quote"),
        kind="directive",
    ),
    Case(
        "dir-big-body",
        {"post.md": f"# Big\n\n```{{key-quote}}\n:speaker: Long Talker\n{BIG_BODY}\n```\n"},
        texts=(BIG_FIRST, BIG_LAST),
        kind="directive",
        small=False,
    ),
    Case(
        "dir-many-tags",
        {
            "post.md": _post(
                'title: "Ten thousand tags"\ndate: 2024-01-09\ntags: [' + ", ".join(MANY_TAGS) + "]"
            )
        },
        texts=("Ten thousand tags", "tag0", "tag9999"),
        kind="directive",
        small=False,
    ),
    Case(
        "dir-timestamp-role",
        {"post.md": "# Roles\n\nAt {timestamp}`abc` and {timestamp}`1:00` nothing plays.\n"},
        warnings=(("post.md", 3, "podcast.timestamp"), ("post.md", 3, "podcast.timestamp")),
        texts=("nothing plays.",),
        kind="directive",
    ),
    # -- URLs ----------------------------------------------------------------------------------
    Case(
        "url-javascript",
        {
            "post.md": _post(
                'title: "JS episode"\ndate: 2024-02-01\nepisode:\n  url: "javascript:alert(1)"'
            )
        },
        warnings=(("post.md", 5, "podcast.url"),),
        texts=("javascript:alert(1)",),
        kind="url",
    ),
    Case(
        "url-data",
        {
            "post.md": _post(
                f'title: "Data URL"\ndate: 2024-02-02\nepisode:\n  url: {EP}\n'
                '  spotify: "data:text/html,<script>alert(1)</script>"'
            )
        },
        warnings=(("post.md", 6, "podcast.url"),),
        kind="url",
    ),
    Case(
        "url-vbscript",
        {"post.md": "# VB\n\n```{episode} vbscript:msgbox(1)\n:rss: VBScript:x\n```\n"},
        warnings=(("post.md", 3, "podcast.url"), ("post.md", 4, "podcast.url")),
        texts=("vbscript:msgbox(1)",),
        kind="url",
    ),
    Case(
        "url-case-and-padding",
        {
            "post.md": _post(
                'title: "Padded"\ndate: 2024-02-03\nepisode:\n  url: "  JaVaScRiPt:alert(1)  "\n'
                '  website: "\\tjavascript:alert(2)"\n  apple: "java\\tscript:alert(3)"'
            )
        },
        warnings=(
            ("post.md", 5, "podcast.url"),
            ("post.md", 6, "podcast.url"),
            ("post.md", 7, "podcast.url"),
        ),
        kind="url",
    ),
    Case(
        "url-embedded-newline",
        {
            "post.md": _post(
                'title: "Newline URL"\ndate: 2024-02-04\nepisode:\n'
                '  url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ\\njavascript:alert(1)"'
            )
        },
        warnings=(("post.md", 5, "podcast.url"),),
        kind="url",
    ),
    Case(
        "url-protocol-relative",
        {
            "post.md": "# Scheme-relative\n\n```{episode} //evil.example/watch\n:youtube: //evil.example/x\n```\n"
        },
        warnings=(("post.md", 3, "podcast.url"), ("post.md", 4, "podcast.url")),
        texts=("//evil.example/watch",),
        kind="url",
    ),
    Case(
        "url-platform-schemes",
        {
            "post.md": "# Platforms\n\n```{episode} " + EP + "\n:apple: ftp://apple.example/x\n"
            ":website: mailto:someone@example.com\n:spotify: file:///etc/passwd\n```\n"
        },
        warnings=(
            ("post.md", 4, "podcast.url"),
            ("post.md", 5, "podcast.url"),
            ("post.md", 6, "podcast.url"),
        ),
        kind="url",
    ),
    Case(
        "url-links-in-text",
        {
            "post.md": "# Links\n\n[Markdown link](javascript:alert(1)) and [data link](data:text/html,x) "
            "and <javascript:alert(2)> stay text.\n",
            "rest.rst": "Links in reST\n=============\n\n`reST link <javascript:alert(1)>`_ and "
            "`data link <DATA:text/html,x>`__ stay text.\n",
        },
        warnings=(("rest.rst", 4, "podcast.url"), ("rest.rst", 4, "podcast.url")),
        texts=("Markdown link", "stay text."),
        pages=("post", "rest"),
        kind="url",
    ),
    # -- markup ------------------------------------------------------------------------------
    Case(
        "markup-title",
        {
            "post.md": _post(
                'title: "<script>alert(1)</script> Scripted <b onmouseover=alert(2)>title</b>"\ndate: 2024-03-01'
            )
        },
        warnings=(("post.md", None, "podcast.html"),),
        texts=("<script>alert(1)</script> Scripted", "title"),
        kind="markup",
    ),
    Case(
        "markup-headline",
        {
            "post.md": "# Headline <img src=x onerror=alert(1)> here\n\n"
            "## Sub <script>alert(2)</script> heading\n\nBody text under headings.\n"
        },
        warnings=(("post.md", 1, "podcast.html"), ("post.md", 3, "podcast.html")),
        texts=("Headline", "<script>alert(2)</script>", "Body text under headings."),
        kind="markup",
    ),
    Case(
        "markup-quote",
        {
            "post.md": "# Quote markup\n\n```{key-quote}\n:speaker: <b onmouseover=alert(1)>Eve</b>\n"
            ":role: <script>alert(2)</script>\nShe said <script>alert(3)</script> loudly.\n```\n"
        },
        warnings=(("post.md", 6, "podcast.html"),),
        texts=(
            "<b onmouseover=alert(1)>Eve</b>",
            "<script>alert(2)</script>",
            "She said",
            "loudly.",
        ),
        kind="markup",
    ),
    Case(
        "markup-tags",
        {
            "post.md": _post(
                'title: "Tagged"\ndate: 2024-03-02\ntags: ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "a&b"]'
            )
        },
        texts=("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "a&b"),
        kind="markup",
    ),
    Case(
        "markup-show-guest",
        {
            "post.md": _post(
                f'title: "Show and guest"\ndate: 2024-03-03\nepisode:\n  url: {EP}\n'
                '  show: "<script>alert(1)</script>Evil Show"\n'
                '  guest: "<img src=x onerror=alert(2)>Mallory, Trent"\n  host: "<b>Host</b>"'
            )
            + "\n```{key-quote}\n:speaker: <img src=x onerror=alert(2)>Mallory\nA quote by a tricky name.\n```\n"
        },
        texts=(
            "<script>alert(1)</script>Evil Show",
            "<img src=x onerror=alert(2)>Mallory",
            "<b>Host</b>",
        ),
        kind="markup",
    ),
    Case(
        "markup-related-titles",
        {
            "post.md": "# Related markup\n\n```{related-posts}\n<script>alert(1)</script> Scripted <other>\n"
            "<img src=x onerror=alert(2)> <nowhere>\n```\n",
            "other.md": "# Other <i>post</i>\n\nThe other post.\n",
        },
        warnings=(("post.md", 5, "podcast.related"),),
        texts=("<script>alert(1)</script> Scripted", "<img src=x onerror=alert(2)>"),
        kind="markup",
    ),
    Case(
        "markup-raw-blocks",
        {
            "post.md": '# Raw blocks\n\n<div onclick="steal()" style="position:fixed">Clicked text</div>\n\n'
            '<iframe src="https://evil.example">Frame fallback text</iframe>\n\n'
            "<style>body { display: none }</style>\n\n"
            '<form action="https://evil.example"><input name=q value="Form value"></form>\n\n'
            'Inline <span onmouseover="x()">hover text</span> and <a href="javascript:alert(1)">js link</a>'
            ' and <a href="https://example.com" target="_blank">good link</a>.\n'
        },
        warnings=(
            ("post.md", 3, "podcast.html"),
            ("post.md", 5, "podcast.html"),
            ("post.md", 7, "podcast.html"),
            ("post.md", 9, "podcast.html"),
            ("post.md", 11, "podcast.html"),
        ),
        texts=(
            "Clicked text",
            "Frame fallback text",
            "body { display: none }",
            "hover text",
            "js link",
            "good link",
        ),
        kind="markup",
    ),
    Case(
        "markup-entities",
        {
            "post.md": "# Entities\n\nEscaped &lt;script&gt;alert(1)&lt;/script&gt; stays text.\n\n"
            '<a href="javascript&#58;alert(2)">colon entity</a> <a href="&#x6A;avascript:alert(3)">hex entity</a> '
            '<a href="java&#x09;script:alert(4)">tab entity</a> <img src="data&colon;image/svg+xml,x" alt="data image">\n'
        },
        warnings=(("post.md", 5, "podcast.html"),),
        texts=("<script>alert(1)</script> stays text.", "colon entity", "hex entity", "tab entity"),
        kind="markup",
    ),
    Case(
        "markup-split-html",
        {
            "post.md": "# Split HTML\n\n<details>\n<summary>Summary line</summary>\n\n"
            "Hidden paragraph inside details.\n\n</details>\n\n<kbd>Ctrl</kbd> + <kbd>C</kbd> copies.\n"
        },
        texts=("Summary line", "Hidden paragraph inside details.", "Ctrl", "copies."),
        kind="markup",
    ),
    Case(
        "markup-rest-raw",
        {
            "post.rst": "Raw reST\n========\n\n.. raw:: html\n\n   <img src=x onerror=alert(1)><script>alert(2)</script>\n\n"
            "After the raw block.\n"
        },
        warnings=(("post.rst", 4, "podcast.html"),),
        texts=("<script>alert(2)</script>", "After the raw block."),
        kind="markup",
    ),
    # -- text ------------------------------------------------------------------------------------
    Case(
        "text-rtl",
        {
            "post.md": _post(
                'title: "עברית ועربي \u202etxt.exe"\ndate: 2024-04-01\ntags: [שלום]',
                "## مرحبا بالعالم\n\nשלום עולם, right to left.\n",
            )
        },
        texts=("مرحبا بالعالم", "שלום עולם, right to left."),
        kind="text",
    ),
    Case(
        "text-emoji-combining",
        {
            "post.md": _post(
                'title: "Emoji 🎙️👩\u200d👩\u200d👧 and Z̸̢a̵l̷g̸o"\ndate: 2024-04-02\ntags: ["🎧"]\n'
                f"episode:\n  url: {EP}\n  guest: Zoë Ǆ 👩\u200d🔬"
            )
            + "\n```{key-quote}\n:speaker: Zoë Ǆ 👩\u200d🔬\nCombining e\u0301 and emoji 🎙️ survive.\n```\n",
        },
        texts=("Combining e\u0301 and emoji 🎙️ survive.", "Z̸̢a̵l̷g̸o"),
        kind="text",
    ),
    Case(
        "text-nul-bytes",
        {"post.md": b"# NUL bytes\n\nBefore the NUL \x00 after the NUL.\n"},
        warnings=(("post.md", 3, "podcast.encoding"),),
        texts=("after the NUL.",),
        kind="text",
    ),
    Case(
        "text-lone-surrogate",
        {
            "post.md": b"# Surrogate\n\nA lone surrogate \xed\xa0\x80 in the middle. Still readable.\n"
        },
        warnings=(("post.md", 3, "podcast.encoding"),),
        texts=("Still readable.",),
        kind="text",
    ),
    Case(
        "text-bom-crlf",
        {
            "post.md": b"\xef\xbb\xbf---\r\ntitle: BOM and CRLF\r\ndate: 2024-04-03\r\n---\r\n\r\nWindows line ends.\r\n"
        },
        texts=("Windows line ends.",),
        kind="text",
    ),
    # -- graph --------------------------------------------------------------------------------
    Case(
        "graph-cycle",
        {
            "a.md": _post(
                'title: "Cycle A"\ndate: 2024-05-01', "Post A.\n\n```{related-posts}\nb\n```\n"
            ),
            "b.md": _post(
                'title: "Cycle B"\ndate: 2024-05-02', "Post B.\n\n```{related-posts}\na\n```\n"
            ),
        },
        texts=("Cycle A", "Cycle B"),
        pages=("a", "b"),
        kind="graph",
    ),
    Case(
        "graph-self",
        {
            "post.md": _post(
                'title: "Self related"\ndate: 2024-05-03',
                "Me.\n\n```{related-posts}\npost\n./post.md\n```\n",
            )
        },
        texts=("Self related",),
        kind="graph",
    ),
    Case(
        "graph-duplicate-slugs",
        {
            "a.md": _post(
                'title: "Same slug A"\ndate: 2024-05-04\nslug: same\nlegacy_slug: old/same'
            ),
            "b.md": _post(
                'title: "Same slug B"\ndate: 2024-05-04\nslug: same\nlegacy_slug: old/same'
            ),
        },
        warnings=(("b.md", 5, "podcast.pages"),),
        texts=("Same slug A", "Same slug B"),
        pages=("a", "b"),
        kind="graph",
    ),
]

#: Legacy posts (the importer's input format), with what the importer must say about them.
#: ``(file name, content, expected diagnostic (line, level, fragment) or None, texts)``
LEGACY: list[tuple[str, bytes, tuple[int | None, str, str] | None, tuple[str, ...]]] = [
    (
        "control_char.txt",
        b'---\ntitle: "Control \x1f char"\ndate: 2024-01-01\n---\n\nBody.\n',
        (2, "error", "invalid YAML"),
        (),
    ),
    (
        "timestamp_tag.txt",
        b'---\ntitle: "Tagged"\ndate: !!timestamp 2024-99-99x\n---\n\nBody.\n',
        (3, "error", "bad 'date'"),
        (),
    ),
    (
        "invalid_yaml.txt",
        b'---\ntitle: "Broken\ndate: [2024\n---\n\nBody.\n',
        (3, "error", "invalid YAML"),
        (),
    ),
    (
        "yaml_tag.txt",
        b'---\ntitle: "Tagged scalar"\ndate: 2024-01-01\ncount: !!int abc\n---\n\nBody.\n',
        (4, "error", "invalid YAML"),
        (),
    ),
    (
        "no_title.txt",
        b"---\ndate: 2024-01-01\n---\n\nNo title here.\n",
        (1, "error", "no 'title'"),
        (),
    ),
    (
        "impossible_date.txt",
        b'---\ntitle: "Impossible"\ndate: 2024-13-45\n---\n\nBody.\n',
        (3, "error", "bad 'date'"),
        (),
    ),
    (
        "tags_mapping.txt",
        b'---\ntitle: "Tags mapping"\ndate: 2024-01-01\ntags: {a: b}\n---\n\nBody.\n',
        (4, "error", "'tags' must be a list"),
        (),
    ),
    ("nul.txt", b'---\ntitle: "NUL"\ndate: 2024-01-01\n---\n\nA \x00 B\n', (6, "error", "NUL"), ()),
    (
        "surrogate.txt",
        b'---\ntitle: "Surrogate"\ndate: 2024-01-01\n---\n\nA \xed\xa0\x80 B\n',
        (6, "error", "not valid UTF-8"),
        (),
    ),
    (
        "script.txt",
        b'---\ntitle: "<script>alert(1)</script> Legacy script"\ndate: 2024-06-01\n'
        b'tags: ["<b>bold</b>"]\n---\n\n## Legacy <script>alert(2)</script> headline\n\n'
        b'Legacy <span onclick="x()">inline</span> text.\n\n'
        b'> "A <script>alert(3)</script> quote." - **<i>Speaker</i>**\n\n'
        b'<a href="javascript:alert(4)" target="_blank">Watch the podcast here!</a>\n\n'
        b"**Read another blog about [Cycle partner](./cycle_b)**\n",
        None,
        ("Legacy script", "Legacy", "inline", "text.", "quote."),
    ),
    (
        "cycle_b.txt",
        b'---\ntitle: "Cycle partner"\ndate: 2024-06-02\n---\n\nPartner body.\n\n'
        b"**Read another blog about [Legacy script](./script)**\n",
        None,
        ("Partner body.",),
    ),
    (
        "dupe_1.txt",
        b'---\ntitle: "Same title"\ndate: 2024-06-03\n---\n\nFirst twin.\n',
        None,
        ("First twin.",),
    ),
    (
        "dupe_2.txt",
        b'---\ntitle: "Same title"\ndate: 2024-06-03\n---\n\nSecond twin.\n',
        (None, "note", "is taken by"),
        ("Second twin.",),
    ),
    (
        "rtl_emoji.txt",
        '---\ntitle: "שלום 🎙️ Z̸a̵"\ndate: 2024-06-04\n---\n\nمرحبا e\u0301 👩\u200d🔬 text.\n'.encode(),
        None,
        ("مرحبا e\u0301 👩\u200d🔬 text.",),
    ),
]


def write_files(folder: Path, files: dict[str, str | bytes]) -> None:
    """Write a case's files: text as UTF-8, bytes as they are."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


CONF = """\
project = "Bad input"
extensions = ["myst_parser", "sphinx_podcast_ext"{extra}]
exclude_patterns = ["_build"]
suppress_warnings = []
"""
INDEX = "# Bad input\n\n```{toctree}\n:glob:\n\ncases/*/*\nimported/*\n```\n"


def write_project(root: Path, cases: list[Case], extra_extensions: tuple[str, ...] = ()) -> Path:
    """A project with every case in ``cases/<name>/``; returns the source folder."""
    root.mkdir(parents=True, exist_ok=True)
    extra = "".join(f", {name!r}" for name in extra_extensions)
    (root / "conf.py").write_text(CONF.format(extra=extra), encoding="utf-8")
    (root / "index.md").write_text(INDEX, encoding="utf-8")
    for case in cases:
        write_files(root / "cases" / case.name, case.files)
    return root


# The trust cases (issue 10) join the corpus; they need Case, EP and _post above.
from .trust_cases import TRUST_CASES  # noqa: E402

CASES.extend(TRUST_CASES)
