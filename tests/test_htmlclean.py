"""Raw HTML sanitizing (``sphinx_podcast_ext.htmlclean``): unit and property tests."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nh3
import pytest
from badinput.checks import executable_markup, is_safe_url
from bs4 import BeautifulSoup
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sphinx_podcast_ext.htmlclean import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    URL_SCHEMES,
    clean_html,
    is_safe_link,
)


@pytest.mark.parametrize(
    ("source", "cleaned", "removed"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", ["<script>"]),
        (
            "<SCRIPT SRC=//x.example/a.js></SCRIPT>",
            "&lt;SCRIPT SRC=//x.example/a.js&gt;&lt;/script&gt;",
            ["<script>"],
        ),
        ("<style>p{}</style>", "&lt;style&gt;p{}&lt;/style&gt;", ["<style>"]),
        ('<span onclick="evil()">', "<span>", ["onclick='evil()'"]),
        ("</span>", "</span>", []),
        ("<kbd>", "<kbd>", []),
        (
            '<a href="javascript:alert(1)">',
            '<a rel="noopener noreferrer">',
            ["href='javascript:alert(1)'"],
        ),
        (
            '<a href="JaVaScRiPt&#58;alert(1)">',
            '<a rel="noopener noreferrer">',
            ["href='JaVaScRiPt:alert(1)'"],
        ),
        (
            '<a href="java&#x09;script:x">',
            '<a rel="noopener noreferrer">',
            ["href='java script:x'"],
        ),
        ('<a href=" vbscript:x">', '<a rel="noopener noreferrer">', ["href='vbscript:x'"]),
        (
            '<img src="data:image/png;base64,AAAA" alt="pic">',
            '<img alt="pic">',
            ["src='data:image/png;base64,AAAA'"],
        ),
        ("<img src=x onerror=alert(1)>", '<img src="x">', ["onerror='alert(1)'"]),
        (
            '<a href="https://x.example/?a=1&b=2" target="_blank">',
            '<a href="https://x.example/?a=1&amp;b=2" rel="noopener noreferrer">',
            ["target='_blank'"],
        ),
        ('<p style="color:red" id="searchbox">', "<p>", ["style='color:red'", "id='searchbox'"]),
        ("<td colspan=2 onclick=x>", '<td colspan="2">', ["onclick='x'"]),
        ("<details>\n<summary>S</summary>", "<details>\n<summary>S</summary>", []),
        ("<font color=red>hi</font>", "hi", ["<font>"]),
        (
            "<iframe src=https://x.example>fallback</iframe>",
            "&lt;iframe src=https://x.example&gt;fallback&lt;/iframe&gt;",
            ["<iframe>"],
        ),
        ("<svg onload=alert(1)>", "&lt;svg onload=alert(1)&gt;", ["<svg>"]),
        (
            "<scr<script>ipt>alert(1)</script>",
            "&lt;scr&lt;script&gt;ipt&gt;alert(1)&lt;/script&gt;",
            ["<scr<script>"],
        ),
        ("<?php echo 1 ?>", "&lt;?php echo 1 ?&gt;", ["<?…>"]),
        ("<!-- a comment -->", "", []),
        ("a < b & c > d", "a &lt; b &amp; c &gt; d", []),
        ("&lt;script&gt;", "&lt;script&gt;", []),
        ('<b title="a>b">', '<b title="a&gt;b">', []),
    ],
)
def test_clean_html(source: str, cleaned: str, removed: list[str]) -> None:
    result = clean_html(source)
    assert result.html == cleaned
    assert result.removed == removed
    assert result.changed == bool(removed)


def test_the_policy_is_conservative() -> None:
    assert not {"script", "style", "iframe", "object", "embed", "form", "svg"} & ALLOWED_TAGS
    assert all(
        not name.startswith("on") and name not in ("style", "id", "srcdoc")
        for names in ALLOWED_ATTRIBUTES.values()
        for name in names
    )
    assert {"http", "https", "mailto"} == URL_SCHEMES


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://x.example", True),
        ("mailto:a@x.example", True),
        ("#frag", True),
        ("../a/b.html", True),
        ("a/b:c", True),
        ("javascript:alert(1)", False),
        ("  JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("\x01javascript:x", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("file:///etc/passwd", False),
    ],
)
def test_is_safe_link(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe


_HTMLISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<",
                ">",
                "&",
                '"',
                "'",
                "=",
                "/",
                " ",
                "\n",
                "<!--",
                "-->",
                "<?",
                "<![CDATA[",
                "<script>",
                "</script>",
                "<style>",
                "<a href=",
                "javascript:",
                "JaVaScRiPt&#58;",
                "onclick=",
                "onerror",
                "<img src=x ",
                "<svg",
                "<iframe",
                "<b>",
                "</b>",
                "<p ",
                "<div>",
                "</div>",
                "<td>",
                "<table>",
                "style=",
                "&#x6A;",
                "data:",
                "//",
            ]
        ),
        st.text(max_size=5),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_HTMLISH)
def test_cleaned_html_never_runs(source: str) -> None:
    result = clean_html(source)
    soup = BeautifulSoup(result.html, "html.parser")
    for element in soup.find_all(True):
        assert element.name in ALLOWED_TAGS, (source, result.html)
        for name, value in element.attrs.items():
            assert not name.startswith("on"), (source, result.html)
            if name in ("href", "src", "cite"):
                assert is_safe_url(value), (source, result.html)
    # nh3 itself finds nothing more to remove in the elements that were kept.
    again = clean_html(result.html)
    assert not [item for item in again.removed if not item.startswith("<")], (source, result.html)


@settings(max_examples=300, deadline=None)
@given(_HTMLISH)
@example("<iframe>JaVaScRiPt&#58;")  # found by hypothesis: iframe content is raw text
def test_cleaning_keeps_every_word_of_text(source: str) -> None:
    """Text outside tags (and inside removed elements) survives, escaped."""
    shown = html.unescape(re.sub(r"<[^>]*>", " ", clean_html(source).html))
    # What a tolerant tokenizer sees as text, script and style content included.
    nh3_text = nh3.clean(source, tags=set(), clean_content_tags=set(), strip_comments=True)
    wanted = re.sub(r"\W", "", html.unescape(nh3_text))
    letters = iter(re.sub(r"\W", "", shown))
    # Every letter and digit of the text, in order (tags shown as text may add more).
    assert all(char in letters for char in wanted), (source, shown)


@given(st.text(alphabet=st.characters(blacklist_characters="<&"), max_size=50))
def test_text_without_markup_is_unchanged(text: str) -> None:
    result = clean_html(text)
    assert (
        html.unescape(result.html) == text.replace("\r\n", "\n")
        or html.unescape(result.html) == text
    )
    assert not result.changed


@pytest.mark.sphinx(
    "html", testroot="directives", freshenv=True, confoverrides={"podcast_sanitize_html": False}
)
def test_switching_sanitizing_off_lets_raw_html_through(app, tmp_path):
    """The checks can fail: without the sanitizer a post's <script> reaches the page."""
    post = Path(app.srcdir, "posts", "raw-script.md")
    post.write_text("# Raw\n\n<script>alert(1)</script>\n", encoding="utf-8")
    try:
        app.build(force_all=True)
        page = Path(app.outdir, "posts", "raw-script.html")
        assert "<script>alert(1)</script>" in page.read_text(encoding="utf-8")
        assert "inline script 'alert(1)'" in executable_markup(page, set())
    finally:
        post.unlink()


@pytest.mark.sphinx("html", testroot="directives", freshenv=True)
def test_sanitizing_on_by_default(app, warning):
    post = Path(app.srcdir, "posts", "raw-script.md")
    post.write_text("# Raw\n\n<script>alert(1)</script>\n", encoding="utf-8")
    try:
        app.build(force_all=True)
        page = Path(app.outdir, "posts", "raw-script.html")
        text = page.read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert (
            executable_markup(
                page, {"document.getElementById('searchbox').style.display = \"block\""}
            )
            == []
        )
        assert re.search(
            r"raw-script\.md:3: WARNING: raw HTML was cleaned: removed <script>", warning.getvalue()
        )
    finally:
        post.unlink()
