"""Regression tests for the third attack (``ATTACK-REPORT-3.md``).

The targets are the last four commits: generated pages written by forked workers
with ``-j N`` (``parallel.py``), Pagefind records made on ``doctree-resolved``
(``search/__init__.py``), related posts ranked from sets of common tags
(``ranking.py``) and the letter index of paginated listings (``pagination.py``).
Each test fails until its finding is fixed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from sphinx_podcast_ext.testing import write_archive

from .test_attack_findings import _no_traceback, _project, _sphinx

CONTENT = Path(__file__).parent.parent.parent / "content"


def _site_build(src: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The reference site (``content/conf.py``), small archive pages: many generated pages."""
    env = {
        **os.environ,
        "PODCAST_BASE_URL": "https://podcasts.example.org/",
        "PYTHONWARNINGS": "ignore",
    }
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-D", "podcast_page_size=3", *args,
         str(src), str(out)],
        capture_output=True, text=True, encoding="utf-8", check=False, env=env, timeout=600,
    )  # fmt: skip


# -- H1: -j N writes generated pages in workers although Sphinx decided to write serially --------

#: A project extension that lists the pages it saw on ``html-page-context`` (as extensions that
#: build a page list, a manifest or an llms.txt do); its state lives in the main process, so it
#: says it is not safe for parallel writing, and Sphinx then writes every document serially.
PAGELOG = """
import json


def _start(app):
    app._pagelog = []


def _seen(app, pagename, templatename, context, doctree):
    app._pagelog.append(pagename)


def _finish(app, exception):
    (app.outdir / "pagelog.json").write_text(json.dumps(sorted(app._pagelog)))


def setup(app):
    app.connect("builder-inited", _start)
    app.connect("html-page-context", _seen)
    app.connect("build-finished", _finish)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
"""


def test_generated_pages_are_written_serially_when_an_extension_is_not_parallel_write_safe(
    tmp_path: Path,
) -> None:
    """``can_write_in_parallel`` looks at ``app.parallel`` only, not at the builder's
    ``parallel_ok`` (Sphinx's ``is_parallel_allowed('write')``): with an extension that is
    not parallel-write safe (or does not say), Sphinx logs "doing serial write" and writes
    the documents in the main process, but the extension still forks workers for the
    generated pages, so that extension's ``html-page-context`` handler never sees them in
    the main process: none of the 100+ guest, show, quote and archive pages are in its list."""
    src = tmp_path / "src"
    shutil.copytree(CONTENT, src, ignore=shutil.ignore_patterns("_build", "posts"))
    write_archive(src, 30, seed=5)
    (src / "pagelog.py").write_text(PAGELOG, encoding="utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            "\nimport sys\nsys.path.insert(0, os.path.dirname(__file__))\n"
            'extensions.append("pagelog")\n'
        )
    out = tmp_path / "out"
    result = _site_build(src, out, "-j", "2")
    _no_traceback(result)
    assert "doing serial write" in result.stderr  # Sphinx itself honours the declaration
    seen = set(json.loads((out / "pagelog.json").read_text(encoding="utf-8")))
    cached = json.loads((out / ".podcast-pages.json").read_text(encoding="utf-8"))["pages"]
    generated = sorted(name for name in cached if not name.startswith("__"))
    assert len(generated) >= 64  # enough for parallel.MIN_PAGES
    assert "guests" in generated
    assert "blog/page/2" in generated
    assert [name for name in generated if name not in seen] == []


# -- H2: a Pagefind record is made before later doctree-resolved handlers (ifconfig) ---------------


def test_pagefind_record_leaves_out_text_that_ifconfig_hides(tmp_path: Path) -> None:
    """Records are now made on ``doctree-resolved``, at the extension's place among that
    event's handlers. ``sphinx.ext.ifconfig`` (or any extension listed after
    ``sphinx_podcast_ext``, or a ``setup()`` in ``conf.py``) resolves its nodes on the same
    event, later: the record is made from the tree before them, and text that is not on the
    page (a draft note hidden by ``ifconfig``) is indexed and shown in search results. On
    ``html-page-context`` (ce9fe80) the record was made from the final tree."""
    from pagefind_index import Bundle

    post = (
        '---\ntitle: "Hidden"\ndate: 2024-06-01\n---\n\nA plain first paragraph.\n\n'
        "```{ifconfig} podcast_show_drafts\nZyxwvplugh is an internal draft note.\n```\n"
    )
    extra = (
        'extensions += ["sphinx.ext.ifconfig"]\npodcast_search = "pagefind"\n'
        "def setup(app):\n"
        '    app.add_config_value("podcast_show_drafts", False, "env")\n'
    )
    src = _project(tmp_path, {"posts/hidden.md": post}, extra)
    out = tmp_path / "out"
    _no_traceback(_sphinx(src, out))
    page = BeautifulSoup((out / "posts" / "hidden.html").read_text("utf-8"), "html.parser")
    assert "Zyxwvplugh" not in page.get_text()  # ifconfig hid it from the page
    content = Bundle.read(out / "_pagefind").page("/posts/hidden.html")["content"]
    assert "plain first paragraph" in content
    assert "Zyxwvplugh" not in content.split()


# -- H3: text that sphinx.ext.todo hides is indexed (pre-existing) -------------------------------


def test_pagefind_record_leaves_out_todos_that_are_not_shown(tmp_path: Path) -> None:
    """With ``todo_include_todos = False`` (the default) the HTML translator skips todo
    nodes; the record walks the doctree and keeps them, so a todo's text is searchable
    though no page shows it. (Not new in these commits: ce9fe80 does the same.)"""
    from pagefind_index import Bundle

    post = (
        '---\ntitle: "Todo"\ndate: 2024-06-01\n---\n\nA plain first paragraph.\n\n'
        "```{todo}\nQwertplugh call the guest's lawyer first.\n```\n"
    )
    extra = 'extensions += ["sphinx.ext.todo"]\npodcast_search = "pagefind"\n'
    src = _project(tmp_path, {"posts/todo.md": post}, extra)
    out = tmp_path / "out"
    _no_traceback(_sphinx(src, out))
    page = BeautifulSoup((out / "posts" / "todo.html").read_text("utf-8"), "html.parser")
    assert "Qwertplugh" not in page.get_text()
    content = Bundle.read(out / "_pagefind").page("/posts/todo.html")["content"]
    assert "plain first paragraph" in content
    assert "Qwertplugh" not in content.split()


# -- H4: posts with more than six common tags make related posts quadratic -----------------------


def _records(count: int, common: int) -> list:
    """*count* posts, each with *common* tags shared by all and one tag shared by three."""
    from sphinx_podcast_ext.metadata import Post
    from sphinx_podcast_ext.records import PostRecord

    start = dt.date(2020, 1, 1)
    return [
        PostRecord(
            f"posts/p{i:05d}",
            f"Post {i}",
            Post(
                title=f"Post {i}",
                date=start + dt.timedelta(days=i),
                tags=(*(f"common-{j}" for j in range(common)), f"rare-{i // 3}"),
            ),
            "",
        )
        for i in range(count)
    ]


def test_related_ranking_stays_linear_when_posts_have_seven_common_tags() -> None:
    """``rank_by_tags`` scores a post with more than ``MAX_COMMON_TAGS`` (6) common tags
    against every post sharing one (ceabe22): each such post costs time linear in the
    archive, so an archive whose posts carry 7 site-wide tags (show, format, language,
    topic...) is quadratic again: 0.8 s at 500 posts, 3.0 s at 1,000, 10 s at 2,000,
    minutes at 10,000 (with 6 common tags: 0.07, 0.15, 0.3 s). Counted here as posts
    visited while scoring, which a linear ranking keeps within a constant per post."""
    from sphinx_podcast_ext.ranking import TagIndex, rank_by_tags

    visited = [0]

    class Counting(list):
        def __iter__(self):  # type: ignore[override]
            for item in list.__iter__(self):
                visited[0] += 1
                yield item

    size = 600
    records = _records(size, common=7)
    index = TagIndex(records)
    assert len(index.bits) == 7  # seven common tags, each on every post
    index.by_tag = {tag: Counting(posts) for tag, posts in index.by_tag.items()}
    for record in records:
        ranked = rank_by_tags(record, index, {record.docname}, 3)
        assert len(ranked) == 3
    # Linear: a few hundred posts looked at per post at most (the rare tags have <= 64).
    assert visited[0] <= 200 * size, f"{visited[0]} posts visited for {size} posts"


# -- H5: the letter index disagrees with the order of the names --------------------------------


def test_guest_index_letters_are_single_letters_in_order_with_unique_anchors(
    tmp_path: Path,
) -> None:
    """Names are listed by ``casefold()`` (code point order), letters come from
    ``pagination.initial`` (NFKD, then ASCII): ``Ålbert`` and ``Émile`` sort after ``Zoë``,
    so the nav reads ``# A D F FI S Z E DZ``, and the list has ``id="letter-a"`` twice and
    ``id="letter-other"`` three times (invalid HTML; the nav's ``A`` and ``#`` reach only
    the first group). Ligatures and digraphs (``ﬁ``, ``ǅ``) become two-letter "letters",
    though ``initial`` promises ``A`` to ``Z`` or ``#``."""
    guests = [
        "1 Number", "Ada Hopper", "Demis Turing", "Fei Li", "Sam Altman", "Zoë Zed",
        "Ålbert Åberg", "Émile Borel", "ß Eszett", "ǅemal Bijedić", "ﬁona Apple", "李 雷",
    ]  # fmt: skip
    files = {}
    for number, guest in enumerate(guests):
        files[f"posts/p{number:02d}.md"] = (
            f'---\ntitle: "Post {number}"\ndate: 2024-05-{number + 1:02d}\n'
            f'episode:\n  url: https://example.com/{number}.mp3\n  guest: "{guest}"\n---\n\n'
            "A plain first paragraph.\n"
        )
    src = _project(tmp_path, files)
    out = tmp_path / "out"
    _no_traceback(_sphinx(src, out))
    soup = BeautifulSoup((out / "guests.html").read_text("utf-8"), "html.parser")
    listed = [li.a.get_text() for li in soup.select("li") if li.select_one(".podcast-page__count")]
    assert set(guests) <= set(listed)
    ids = [element["id"] for element in soup.select("[id^='letter-']")]
    assert len(ids) == len(set(ids)), ids
    letters = [a.get_text(strip=True) for a in soup.select(".podcast-letters a")]
    assert all(len(letter) == 1 for letter in letters), letters
    assert letters == sorted(letters), letters
