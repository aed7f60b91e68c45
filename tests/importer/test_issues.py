"""Regression tests for issues 10, 11, 13 and 15 (each failed before its fix), the
front-matter round trip through MyST, and what the extension must still change."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from sphinx_podcast_ext import __version__, frontmatter
from sphinx_podcast_ext.importer import legacy

from .conftest import CORPUS, GOOD, REPO, Run

RunFn = Callable[..., Run]
SHAPES = CORPUS / "shapes"
_MD = MarkdownIt("commonmark").use(front_matter_plugin)


def _post(folder: Path, name: str, front: str, body: str = "Body text.\n") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}\n---\n\n{body}", encoding="utf-8")
    return path


def _front(path: Path) -> dict[str, object]:
    data = frontmatter.parse(path.read_text(encoding="utf-8")).data
    assert data is not None
    return data


# -- issue 10 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["../../X", "./index", "/genindex", "posts/./victim", "a\\b"])
def test_unsafe_legacy_slugs_are_refused_with_a_note(run: RunFn, tmp_path: Path, slug: str) -> None:
    _post(tmp_path / "src", "p.md", f"title: T\ndate: 2024-01-01\nlegacy_slug: {json.dumps(slug)}")
    result = run("import", tmp_path / "src", "--into", tmp_path / "out")
    assert result.status == 0
    page = next((tmp_path / "out").glob("*.md"))
    assert "legacy_slug" not in _front(page)
    assert f"{tmp_path / 'src' / 'p.md'}:4: note: legacy address {slug!r} dropped" in result.err


def test_symlinks_out_of_the_folder_are_not_followed(run: RunFn, tmp_path: Path) -> None:
    secret = _post(tmp_path, "secret.md", "title: Secret\ndate: 2024-01-01", "Private words.\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "leak.md").symlink_to(secret)
    _post(tmp_path / "src", "ok.md", "title: Ok\ndate: 2024-01-01")
    result = run("import", tmp_path / "src", "--into", tmp_path / "out")
    pages = " ".join(p.read_text() for p in (tmp_path / "out").glob("*.md"))
    assert "Private words" not in pages
    assert "outside the folder being imported" in result.err
    assert result.status == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_md_does_not_hang_the_import(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    _post(folder, "ok.md", "title: Ok\ndate: 2024-01-01")
    os.mkfifo(folder / "pipe.md")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_podcast_ext", "import", folder, "--into", tmp_path / "o"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert "pipe.md: note: skipped: a FIFO, not a regular file" in result.stderr


def test_the_sentence_around_an_episode_link_stays(run: RunFn, tmp_path: Path) -> None:
    sentence = (
        "Watch this [episode](https://youtu.be/dQw4w9WgXcQ) because the guest reveals the "
        "real launch date."
    )
    _post(tmp_path / "src", "p.md", "title: T\ndate: 2024-01-01", sentence + "\n")
    run("import", tmp_path / "src", "--into", tmp_path / "out")
    page = next((tmp_path / "out").glob("*.md"))
    assert sentence in page.read_text()
    assert _front(page)["episode"] == {"url": "https://youtu.be/dQw4w9WgXcQ"}


def test_html_comments_are_read_as_browsers_read_them(run: RunFn, tmp_path: Path) -> None:
    body = "<!---> Browsers show this sentence. -->\n\n<!--> And this one.\n\n<!-- hidden -->\n"
    _post(tmp_path / "src", "p.md", "title: T\ndate: 2024-01-01", body)
    run("import", tmp_path / "src", "--into", tmp_path / "out")
    text = next((tmp_path / "out").glob("*.md")).read_text()
    assert " Browsers show this sentence. -->" in text
    assert " And this one." in text
    assert "% hidden" in text and "<!--" not in text


def test_slugs_of_imported_posts_are_stable_when_a_new_file_sorts_first(
    run: RunFn, tmp_path: Path
) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    _post(src, "b.md", "title: Same Title\ndate: 2024-01-01", "Published first.\n")
    run("import", src, "--into", out)
    first = out / "20240101-same-title.md"
    assert "Published first." in first.read_text()
    _post(src, "a.md", "title: Same Title\ndate: 2024-01-01", "Added later.\n")
    result = run("import", src, "--into", out)
    assert result.status == 0
    assert "Published first." in first.read_text()  # the published page keeps its name
    assert "Added later." in (out / "20240101-same-title-2.md").read_text()
    edited = first.read_text().replace("Published first.", "Edited by hand.")
    first.write_text(edited)
    again = run("import", src, "--into", out)
    assert sorted(p.name for p in out.glob("*.md")) == [
        "20240101-same-title-2.md",
        "20240101-same-title.md",
    ]  # an edited page is left alone, not duplicated as -3
    assert first.read_text() == edited
    assert "was edited after it was imported" in again.err


def test_into_that_cannot_be_created_is_one_line(run: RunFn, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = run("import", GOOD / "007_slug.md", "--into", tmp_path / "file" / "sub")
    assert result.status == 1
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert "cannot create the output folder" in result.err


def test_unwritable_into_is_one_line(
    run: RunFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx_podcast_ext.importer import cli

    locked = tmp_path / "locked"
    locked.mkdir()
    # Tests may run as root, which writes anywhere: the permission check is what counts.
    monkeypatch.setattr(cli.os, "access", lambda path, mode: Path(path) != locked)
    result = run("import", GOOD / "007_slug.md", "--into", locked)
    assert result.status == 1
    assert result.err == f"{locked}: error: the output folder is not writable\n"


# -- issue 11: the importer and MyST agree on every page -----------------------------------------


def test_a_value_with_an_indented_rule_keeps_the_title(run: RunFn, tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "p.md").write_text(
        json.dumps({"title": "T", "date": "2024-01-01", "notes_x": "a\n  ---\n...\nb"})
        + "\nBody.\n"
    )
    run("import", tmp_path / "src", "--into", tmp_path / "out")
    page = next((tmp_path / "out").glob("*.md"))
    token = _MD.parse(page.read_text())[0]
    assert token.type == "front_matter"
    data = yaml.safe_load(token.content)
    assert (data["title"], data["legacy"]) == ("T", {"notes_x": "a\n  ---\n...\nb"})


def test_every_imported_page_reads_the_same_in_myst(run: RunFn, tmp_path: Path) -> None:
    folders = [GOOD, *(f for f in sorted(SHAPES.iterdir()) if f.is_dir())]
    checked = 0
    for folder in folders:
        out = tmp_path / folder.name
        run("import", folder, "--into", out, "--base-url", "https://old.example.org", "--quiet")
        for page in sorted(out.glob("*.md")):
            text = page.read_text(encoding="utf-8")
            ours = frontmatter.parse(text)
            tokens = _MD.parse(text)
            assert tokens[0].type == "front_matter", page
            assert yaml.safe_load(tokens[0].content) == ours.data, page
            source = folder / str(ours.data["legacy_source"])  # type: ignore[index]
            assert (
                ours.data["title"]
                == legacy.parse_legacy(  # type: ignore[index]
                    source.read_text(encoding="utf-8-sig"), name=source.name
                ).title
            )
            checked += 1
    assert checked >= 70


# -- issue 13: a heading that restates the title -------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "kept"),
    [
        ("## The Long Road", False),
        ("## **The long road!**", False),
        ("# THE LONG ROAD", False),
        ("## The Long Road, Part Two", True),
        ("## On the Long Road", True),
    ],
)
def test_only_a_restating_first_heading_goes(
    run: RunFn, tmp_path: Path, heading: str, kept: bool
) -> None:
    _post(
        tmp_path / "src", "p.md", "title: The Long Road\ndate: 2024-01-01", f"{heading}\n\nText.\n"
    )
    run("import", tmp_path / "src", "--into", tmp_path / "out")
    text = next((tmp_path / "out").glob("*.md")).read_text()
    body = text.split("---\n", 2)[2]
    assert body.startswith("\n# The Long Road\n")
    assert (heading in body) is kept
    assert "Text." in body


# -- issue 15 -----------------------------------------------------------------------------------


def test_subcommand_errors_show_the_subcommand_usage(
    run: RunFn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(SystemExit):
        run("import", GOOD, "--into", tmp_path / "file")
    assert "usage: sphinx-podcast import" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run("new", "T", "--url", "javascript:x")
    assert "usage: sphinx-podcast new" in capsys.readouterr().err


@pytest.mark.parametrize("content", [None, "page.html"])
def test_a_folder_without_posts_gives_a_hint_and_status_1(
    run: RunFn, tmp_path: Path, content: str | None
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    if content:
        (src / content).write_text("<p>old</p>")
    result = run("import", src, "--into", tmp_path / "out")
    assert result.status == 1
    assert result.out.startswith("0 posts:")
    assert f"{src}: error: no posts found (posts are .md, .markdown, .txt files" in result.err


def test_a_missing_folder_is_a_missing_source_not_a_post(run: RunFn, tmp_path: Path) -> None:
    result = run("import", tmp_path / "nope", GOOD / "007_slug.md", "--into", tmp_path / "out")
    assert result.status == 1
    assert result.out.startswith("1 post: 1 created")
    assert "0 failed" in result.out and "1 missing source" in result.out


def test_new_into_a_file_says_it_is_not_a_folder(run: RunFn, tmp_path: Path) -> None:
    (tmp_path / "existing.md").write_text("x")
    result = run("new", "Title", "--into", tmp_path / "existing.md")
    assert result.status == 1
    assert result.err == f"{tmp_path / 'existing.md'}: error: --into is not a folder\n"


def test_new_does_not_add_orphan(run: RunFn, tmp_path: Path) -> None:
    run("new", "Title", "--into", tmp_path, "--date", "2024-01-01")
    assert "orphan" not in next(tmp_path.glob("*.md")).read_text()


def test_version(run: RunFn, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run("--version")
    assert info.value.code == 0
    assert capsys.readouterr().out == f"sphinx-podcast {__version__}\n"


def test_migration_report(run: RunFn, tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    result = run(
        "import", SHAPES / "eleventy", "--into", tmp_path / "out", "--report", report,
        "--base-url", "https://old.example.org",
    )  # fmt: skip
    assert result.status == 0
    data = yaml.safe_load((tmp_path / "report.json").read_text())
    posts = {post["source"].rsplit("/", 1)[-1]: post for post in data["posts"]}
    assert posts["s1e1.md"]["quotes"] == ["Nina Park", "Theo Grant"]
    assert posts["s1e1.md"]["episode"].endswith("FTE%20S1E1,%20Entering%20a%20New%20Phase.mp3")
    assert posts["s1e2.md"]["guests"] == "Grace Hopper"
    assert posts["s1e1.md"]["timecodes"] == 2
    markdown = report.read_text()
    assert markdown.startswith("# Migration report\n\n4 posts: 4 created")
    assert "| Entering a New Phase | 2024-04-14 | yaml | 2 (Nina Park, Theo Grant) |" in markdown


def test_unknown_syntax_stays_visible_with_a_note(run: RunFn, tmp_path: Path) -> None:
    _post(
        tmp_path / "src",
        "p.md",
        "title: T\ndate: 2024-01-01",
        "Before {{< mystery x=1 >}} after.\n",
    )
    result = run("import", tmp_path / "src", "--into", tmp_path / "out", "--report", tmp_path / "r")
    text = next((tmp_path / "out").glob("*.md")).read_text()
    assert "Before `{{< mystery x=1 >}}` after." in text
    assert "p.md:6: note: Hugo shortcode not understood, kept as text" in result.err
    assert yaml.safe_load((tmp_path / "r.json").read_text())["posts"][0]["unknown"] == [
        "6: {{< mystery x=1 >}}"
    ]


# -- what the extension does with what the importer writes ----------------------------------------


def _build(tmp_path: Path, page_folder: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root, ignore=shutil.ignore_patterns("_build", "posts"))
    shutil.copytree(page_folder, root / "posts")
    out = tmp_path / "html"
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", root, out],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return build, out


def test_episode_image_builds(run: RunFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy, "EPISODE_IMAGE", True)
    _post(
        tmp_path / "src", "p.md",
        "title: T\ndate: 2024-01-01\naudio: https://x.example/a.mp3\n"
        "image: https://x.example/cover.jpg",
    )  # fmt: skip
    run("import", tmp_path / "src", "--into", tmp_path / "out")
    assert _front(next((tmp_path / "out").glob("*.md")))["episode"] == {
        "url": "https://x.example/a.mp3",
        "image": "https://x.example/cover.jpg",
    }
    build, _out = _build(tmp_path, tmp_path / "out")
    assert build.returncode == 0, build.stderr


def test_audio_episodes_get_a_listen_player(run: RunFn, tmp_path: Path) -> None:
    _post(tmp_path / "src", "p.md", "title: T\ndate: 2024-01-01\nmp3: https://x.example/a.mp3")
    run("import", tmp_path / "src", "--into", tmp_path / "out")
    build, out = _build(tmp_path, tmp_path / "out")
    assert build.returncode == 0, build.stderr
    page = next((out / "posts").glob("*.html"))
    soup = BeautifulSoup(page.read_text(), "html.parser")
    audio = soup.select_one(".podcast-episode audio[controls]")
    assert audio is not None and audio.get("preload") == "none"
    assert "Listen" in soup.select_one(".podcast-episode").get_text()
    assert soup.select_one("a.podcast-episode__watch") is None
