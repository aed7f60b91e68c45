"""A new user's first hour: the quick start of ``docs/index.md``, followed to the letter.

Each test starts from an empty folder and ``sphinx-quickstart -q``, applies
what ``docs/index.md`` says (its ``conf.py`` lines, its first post, its home
page listing — read from the page itself, never copied here) and runs its
``sphinx-build`` command as printed, then the same for ``dirhtml``: both must
build without a single warning. The ``sphinx-podcast new`` commands of the
quick start and of ``docs/site.md`` are run as printed too, in the plain
project and in a copy of the ablog site in ``content/``.

Every command runs in its own process, as a user's shell would run it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docs_snippets import DOCS, ROOT, fenced_blocks

INDEX = DOCS / "index.md"
BIN = Path(sys.executable).parent
#: The console commands a user types: the scripts installed beside this interpreter.
PROGRAMS = ("sphinx-quickstart", "sphinx-build", "sphinx-podcast")


def quick_start_section() -> str:
    text = INDEX.read_text(encoding="utf-8")
    start = text.index("## Quick start")
    return text[start : text.index("\n## ", start + 1)]


def section_blocks(language: str) -> list[str]:
    """The fences of *language* in the quick start, in order."""
    section = quick_start_section()
    return [b for b in fenced_blocks(INDEX, language) if b in section]


def commands(program: str, text: str | None = None) -> list[list[str]]:
    """The ``$ program …`` lines of the quick start's console blocks, as argument lists."""
    blocks = [text] if text is not None else section_blocks("console")
    found = []
    for block in blocks:
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith(f"$ {program} "):
                found.append(shlex.split(line[2:]))
    return found


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a console command with the scripts of this environment."""
    assert argv[0] in PROGRAMS, argv
    full = [str(BIN / argv[0]), *argv[1:]]
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(full, cwd=cwd, capture_output=True, text=True, env=env, check=False)


def said_path(pattern: str) -> str:
    """A file named in the quick start's prose, e.g. after ``first post,``."""
    match = re.search(pattern + r"\s+`([^`]+)`", quick_start_section())
    assert match, f"docs/index.md no longer says {pattern!r} `FILE`"
    return match[1]


def new_project(tmp_path: Path) -> Path:
    """``sphinx-quickstart -q docs``, as the quick start suggests, in an empty folder."""
    (quickstart,) = re.findall(r"`(sphinx-quickstart [^`]+)`", quick_start_section())
    result = run([*shlex.split(quickstart), "-q", "-p", "Podcast", "-a", "Me"], tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


def follow_quick_start(project: Path) -> None:
    """Apply the quick start's conf.py lines, first post and home-page listing."""
    (conf_lines,) = [b for b in section_blocks("python") if "extensions" in b]
    conf = project / said_path(r"set `extensions`\s+in")
    text = conf.read_text(encoding="utf-8")
    assert "extensions = []" in text, "sphinx-quickstart writes no `extensions = []` any more"
    conf.write_text(text.replace("extensions = []", conf_lines.strip()), encoding="utf-8")
    (post,) = section_blocks("markdown")
    target = project / said_path(r"write a first post,")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(post, encoding="utf-8")
    (listing,) = section_blocks("rst")
    index = project / said_path(r"at the end of")
    index.write_text(index.read_text(encoding="utf-8") + "\n" + listing, encoding="utf-8")


def build_as_documented(project: Path, builder: str = "html") -> Path:
    """The quick start's ``sphinx-build`` command, with *builder* for ``html``."""
    (argv,) = commands("sphinx-build")
    option = argv.index("-b") + 1
    assert argv[option] == "html" and argv[-1].endswith("/html"), argv
    argv[option] = builder
    argv[-1] = argv[-1].removesuffix("html") + builder
    result = run(argv, project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return project / argv[-1]


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_quick_start_verbatim(tmp_path, builder):
    project = new_project(tmp_path)
    follow_quick_start(project)
    out = build_as_documented(project, builder)
    name = "posts/first-episode.html" if builder == "html" else "posts/first-episode/index.html"
    post = BeautifulSoup((out / name).read_text("utf-8"), "html.parser")
    assert post.select_one("section.podcast-episode")
    assert post.select_one("figure.podcast-quote a.podcast-quote__time")["href"].endswith("t=1125s")
    home = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    assert "Our first episode" in home.select_one(".podcast-latest").get_text()


def test_new_post_builds_in_the_quick_start_project(tmp_path):
    """Issue 15: ``sphinx-podcast new`` posts warned in a project without ablog."""
    project = new_project(tmp_path)
    follow_quick_start(project)
    (argv,) = commands("sphinx-podcast")
    result = run(argv, project)
    assert result.returncode == 0, result.stderr
    written = project / result.stdout.strip()
    assert written.parent == project / "docs" / "posts"
    assert re.fullmatch(r"\d{8}-small-models-big-results\.md", written.name)
    build_as_documented(project)


def test_quick_start_with_ablog_in_parallel(tmp_path):
    """The quick start with ``sphinx_podcast_ext.blog`` (as the quick start and blog.md say),
    read with ``-j 2``: still no warning."""
    pytest.importorskip("ablog")
    project = new_project(tmp_path)
    follow_quick_start(project)
    conf = project / "docs" / "conf.py"
    text = conf.read_text(encoding="utf-8")
    assert '"sphinx_podcast_ext.blog"' in quick_start_section()
    conf.write_text(text.replace('"sphinx_podcast_ext"', '"sphinx_podcast_ext.blog"'), "utf-8")
    (argv,) = commands("sphinx-build")
    result = run([*argv[:1], "-j", "2", *argv[1:]], project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert (project / "docs" / "_build" / "html" / "blog" / "tag" / "ai.html").exists()


def site_new_command() -> list[str]:
    (argv,) = commands("sphinx-podcast new", (DOCS / "site.md").read_text(encoding="utf-8"))
    return argv


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_new_post_builds_in_a_copy_of_the_site(tmp_path, builder):
    """docs/site.md: copy ``content/`` to start an archive, then ``sphinx-podcast new``."""
    pytest.importorskip("ablog")
    shutil.copytree(ROOT / "content", tmp_path / "content", ignore=shutil.ignore_patterns("_build"))
    result = run(site_new_command(), tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / result.stdout.strip()).exists()
    out = tmp_path / "content" / "_build" / builder
    result = run(
        ["sphinx-build", "-W", "--keep-going", "-b", builder, "content", str(out)], tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def test_new_writes_what_the_docs_show(tmp_path):
    """docs/import.md shows the file ``sphinx-podcast new`` writes: it is that file."""
    text = (DOCS / "import.md").read_text(encoding="utf-8")
    section = text[text.index("## `sphinx-podcast new`") :]
    (argv,) = commands("sphinx-podcast new", section)
    result = run(argv, tmp_path)
    assert result.returncode == 0, result.stderr
    printed = re.search(r"^\$ sphinx-podcast new .*?\n(?!    )(\S+)$", section, re.M | re.S)
    assert printed, "docs/import.md no longer shows the path `new` prints"
    assert result.stdout.strip() == printed[1]
    shown = next(b for b in fenced_blocks(DOCS / "import.md", "markdown") if b in section)
    assert (tmp_path / printed[1]).read_text(encoding="utf-8") == shown
