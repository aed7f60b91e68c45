"""The command line: import runs, messages, safety, idempotency, ``new``, ``python -m``."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from sphinx_podcast_ext.importer import myst
from sphinx_podcast_ext.importer.report import ImportReport, Reporter
from sphinx_podcast_ext.importer.source import MAX_BYTES

from .conftest import BAD, GOOD, REPO, Run, run_module, snapshot

RunFn = Callable[..., Run]

EXPECTED_FILES = [
    "20230505-windows-line-ends.md",
    "20230606-nested-folder-post.md",
    "20230707-notes-without-an-episode.md",
    "20230808-same-title-twice-2.md",
    "20230808-same-title-twice.md",
    "20230909-edge-cases-markup-inside-quotes.md",
    "20231105-grace-hopper-alan-kay-the-future-of-computing-tech-talks-episode-7.md",
    "20231210-ada-lovelace-mathematician-notes-on-the-analytical-engine.md",
    "20240115-the-quiet-art-of-listening.md",
    "20240220-sam-rivers-economist-why-inflation-came-back.md",
    "20240301-jose-alvarez-coffee-without-borders-brew-show-e3.md",
    "20240310-why-sleep-matters-more-than-you-think.md",
    "20240401-jane-doe-building-acme-from-zero-the-founder-show-e42.md",
    "20240515-john-schulman-openai-cofounder-reasoning-rlhf-plan-for-2027-agi.md",
    "custom-post-slug.md",
]
SCHULMAN = "20240515-john-schulman-openai-cofounder-reasoning-rlhf-plan-for-2027-agi.md"


def _front(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    loaded = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(loaded, dict)
    return loaded


def test_import_good_corpus(run: RunFn, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("import", GOOD, "--into", out)
    assert result.status == 0
    assert sorted(p.name for p in out.iterdir()) == EXPECTED_FILES
    assert result.out == (
        "15 posts: 15 created, 0 updated, 0 unchanged, 0 skipped, 0 failed; "
        "2 unresolved related links\n"
    )
    assert result.err.splitlines() == [
        f"{GOOD / '012_dupe_b.txt'}: note: slug '20230808-same-title-twice' is taken by "
        f"{(GOOD / '011_dupe_a.txt').as_posix()}; writing 20230808-same-title-twice-2.md",
        f"{GOOD / '000_schulman.txt'}:31: note: related post "
        "'20240408-bastilehmann-20vcwithharrystebbings' (Bastian Lehmann: How the Uber Deal "
        "Went Down | E1137) is not among the imported posts; kept as an unresolved link",
        f"{GOOD / '013_footers.txt'}:19: note: related post '19990101-missing-post' "
        "(A Missing Post) is not among the imported posts; kept as an unresolved link",
    ]
    for page in out.iterdir():
        text = page.read_text(encoding="utf-8")
        assert myst.recorded_hash(text) == myst.text_hash(text)
        assert "\r" not in text and not text.startswith("\ufeff")


def test_sample_post_output_exactly(run: RunFn, tmp_path: Path) -> None:
    run("import", GOOD / "000_schulman.txt", "--into", tmp_path)
    text = (tmp_path / SCHULMAN).read_text(encoding="utf-8")
    text = re.sub(r"import_hash: [0-9a-f]{64}", "import_hash: HASH", text)
    assert text == (
        "---\n"
        'title: "John Schulman (OpenAI Cofounder) - Reasoning, RLHF, & Plan for 2027 AGI"\n'
        "date: 2024-05-15\n"
        "tags: [Tech, Innovation, AI]\n"
        "episode:\n"
        "  url: https://youtube.com/watch?v=Wo95ob_s_NI\n"
        "  guest: John Schulman\n"
        "legacy_slug: 000_schulman\n"
        "legacy_source: 000_schulman.txt\n"
        "import_hash: HASH\n"
        "---\n"
        "\n"
        "# John Schulman (OpenAI Cofounder) - Reasoning, RLHF, & Plan for 2027 AGI\n"
        "\n"
        "## The Future of AI: A Conversation with John Schulman \n"
        "\n"
        "In a conversation with John Schulman, we look at where artificial intelligence is "
        "heading. \n"
        "\n"
        "### Pretraining vs. Post-training\n"
        "\n"
        "The discussion begins with the distinction between pretraining and post-training:\n"
        "\n"
        "* **Pretraining creates a foundation:** The model learns from websites, code and text.\n"
        '* **Post-training shapes behavior:** This stage shapes the AI\'s "personality" and its '
        "tasks. \n"
        "\n"
        "```{key-quote}\n"
        ":speaker: John Schulman\n"
        "I hope the form factor would basically be that people are still driving all this.\n"
        "```\n"
        "\n"
        "This conversation reveals a glimpse into the potential future of AI.\n"
        "\n"
        "```{related-posts}\n"
        "Bastian Lehmann: How the Uber Deal Went Down | E1137 "
        "<20240408-bastilehmann-20vcwithharrystebbings>\n"
        "```\n"
    )


@pytest.mark.parametrize(
    ("name", "episode"),
    [
        (
            "20240401-jane-doe-building-acme-from-zero-the-founder-show-e42.md",
            {
                "url": "https://youtu.be/dQw4w9WgXcQ?t=95",
                "guest": "Jane Doe",
                "show": "The Founder Show",
            },
        ),
        (
            "20240220-sam-rivers-economist-why-inflation-came-back.md",
            {"url": "https://m.youtube.com/watch?v=MobileID123&t=1h2m3s", "guest": "Sam Rivers"},
        ),
        (
            "20240310-why-sleep-matters-more-than-you-think.md",
            {"url": "https://www.youtube.com/shorts/ABCDEFGHIJK"},
        ),
        (
            "20240115-the-quiet-art-of-listening.md",
            {"url": "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk"},
        ),
        ("20230707-notes-without-an-episode.md", None),
    ],
)
def test_episodes(run: RunFn, tmp_path: Path, name: str, episode: object) -> None:
    run("import", GOOD, "--into", tmp_path)
    assert _front(tmp_path / name).get("episode") == episode


def test_front_matter_keeps_unknown_keys_and_records_provenance(run: RunFn, tmp_path: Path) -> None:
    run("import", GOOD, "--into", tmp_path)
    front = _front(tmp_path / "20240115-the-quiet-art-of-listening.md")
    assert list(front) == [
        "title",
        "date",
        "tags",
        "episode",
        "legacy_slug",
        "legacy_source",
        "legacy",
        "import_hash",
    ]
    # Every key the schema does not take is kept, unchanged, under legacy:
    # neither Sphinx nor ablog reads it there.
    assert front["legacy"] == {
        "author": "Sam Writer",
        "draft": False,
        "categories": ["audio", "interviews"],
        "extra": {"nested": {"deep": 1}},
    }
    assert front["date"] == dt.date(2024, 1, 15)
    custom = _front(tmp_path / "custom-post-slug.md")
    assert (custom["legacy_slug"], custom["legacy_source"]) == ("custom-post-slug", "007_slug.md")
    assert "slug" not in custom and "legacy" not in custom


def test_related_links_resolve_by_slug_and_title(run: RunFn, tmp_path: Path) -> None:
    run("import", GOOD, "--into", tmp_path)

    def related(name: str) -> list[str]:
        text = (tmp_path / name).read_text(encoding="utf-8")
        return text.split("```{related-posts}\n")[1].split("\n```")[0].split("\n")

    assert related("20240401-jane-doe-building-acme-from-zero-the-founder-show-e42.md") == [
        f"John Schulman on AGI <{SCHULMAN.removesuffix('.md')}>"  # by legacy slug (file stem)
    ]
    assert related("20240310-why-sleep-matters-more-than-you-think.md") == [  # by title
        "Jane Doe: Building Acme From Zero | The Founder Show E42 "
        "<20240401-jane-doe-building-acme-from-zero-the-founder-show-e42>"
    ]
    assert related("20240115-the-quiet-art-of-listening.md") == [  # by front-matter slug
        "A post with its own slug <custom-post-slug>"
    ]
    assert related("20230707-notes-without-an-episode.md") == [
        "Why Sleep Matters More Than You Think <20240310-why-sleep-matters-more-than-you-think>",
        "A Missing Post <19990101-missing-post>",
    ]


def test_bad_inputs_each_get_one_line_and_status_1(run: RunFn, tmp_path: Path) -> None:
    big = tmp_path / "src" / "oversized.md"
    big.parent.mkdir()
    big.write_bytes(b"---\ntitle: Big\ndate: 2024-01-01\n---\n" + b"word " * (MAX_BYTES // 5))
    out = tmp_path / "out"
    result = run("import", BAD, big, GOOD / "001_jane_doe.md", "--into", out)
    assert result.status == 1
    errors = sorted(line for line in result.err.splitlines() if ": error: " in line)
    assert errors == sorted(
        [
            f"{BAD / 'bad_date.txt'}:4: error: bad 'date': 'someday soon' is not a date; "
            "write it as YYYY-MM-DD",
            f"{BAD / 'binary.txt'}:3: error: binary file (contains NUL bytes), not a text post",
            f"{BAD / 'invalid_yaml.txt'}:3: error: invalid YAML in the front matter: "
            "while parsing a block mapping, did not find expected key",
            f"{BAD / 'latin1.txt'}:7: error: not valid UTF-8 (byte 0xe9 at column 4); "
            "save the file as UTF-8",
            f"{BAD / 'missing_date.txt'}:1: error: the front matter has no 'date' "
            "(write date: YYYY-MM-DD) and the file name none",
            f"{BAD / 'missing_title.txt'}:1: error: the front matter has no 'title' and the "
            "body has no heading to take it from",
            f"{BAD / 'no_front_matter.txt'}:1: error: the front matter has no 'date' "
            "(write date: YYYY-MM-DD) and the file name none",
            f"{big}:1: error: file is too large for a post ({big.stat().st_size} bytes, "
            f"limit {MAX_BYTES})",
            f"{BAD / 'unclosed.txt'}:1: error: the front matter opened here is never closed by "
            "a '---' line",
        ]
    )
    assert f"{BAD / 'human_date.txt'}:3: note: read date 'May 15, 2024' as 2024-05-15" in (
        result.err.splitlines()
    )
    assert "Traceback" not in result.err
    assert sorted(p.name for p in out.iterdir()) == [
        "20240401-jane-doe-building-acme-from-zero-the-founder-show-e42.md",
        "20240515-a-human-date.md",
    ]
    assert result.out.startswith(
        "11 posts: 2 created, 0 updated, 0 unchanged, 0 skipped, 9 failed;"
    )


def test_missing_source_fails(run: RunFn, tmp_path: Path) -> None:
    result = run("import", tmp_path / "nope", "--into", tmp_path / "out")
    assert result.status == 1
    assert result.err == f"{tmp_path / 'nope'}: error: no such file or folder\n"
    assert not (tmp_path / "out").exists()


def test_second_run_changes_nothing(run: RunFn, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("import", GOOD, "--into", out)
    before = snapshot(out)
    result = run("import", GOOD, "--into", out)
    assert result.status == 0
    assert snapshot(out) == before
    assert result.out.startswith("15 posts: 0 created, 0 updated, 15 unchanged, 0 skipped")


def test_output_inside_source_is_not_reimported(run: RunFn, good_copy: Path) -> None:
    out = good_copy / "site"
    run("import", good_copy, "--into", out)
    result = run("import", good_copy, "--into", out)
    assert result.out.startswith("15 posts: 0 created, 0 updated, 15 unchanged")


def test_edited_output_survives_and_force_overwrites(run: RunFn, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("import", GOOD, "--into", out)
    page = out / SCHULMAN
    edited = page.read_text(encoding="utf-8").replace("glimpse", "GLIMPSE (edited)")
    page.write_text(edited, encoding="utf-8")
    result = run("import", GOOD, "--into", out)
    assert result.status == 0
    assert page.read_text(encoding="utf-8") == edited
    assert f"{page}:1: warning: left alone: it was edited after it was imported " in result.err
    assert "0 created, 0 updated, 14 unchanged, 1 skipped, 0 failed" in result.out
    result = run("import", GOOD, "--into", out, "--force")
    assert "GLIMPSE" not in page.read_text(encoding="utf-8")
    assert "0 created, 1 updated, 14 unchanged, 0 skipped" in result.out


def test_changed_source_updates_pristine_output(
    run: RunFn, good_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run("import", good_copy, "--into", out)
    source = good_copy / "000_schulman.txt"
    source.write_text(source.read_text().replace("glimpse", "peek"))
    result = run("import", good_copy, "--into", out)
    assert "0 created, 1 updated, 14 unchanged" in result.out
    assert "peek" in (out / SCHULMAN).read_text(encoding="utf-8")


def test_dry_run_writes_nothing(run: RunFn, good_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("import", good_copy, "--into", out, "--dry-run")
    assert not out.exists()
    assert result.out.count("would create ") == 15
    assert f"would create {out / SCHULMAN} (from {good_copy / '000_schulman.txt'})" in result.out
    assert result.out.endswith("2 unresolved related links (dry run: nothing written)\n")
    run("import", good_copy, "--into", out)
    (good_copy / "000_schulman.txt").write_text(
        (good_copy / "000_schulman.txt").read_text().replace("glimpse", "peek")
    )
    before = snapshot(out)
    result = run("import", good_copy, "--into", out, "--dry-run")
    assert snapshot(out) == before
    assert (
        result.out.splitlines()[0]
        == f"would update {out / SCHULMAN} (from {good_copy / '000_schulman.txt'})"
    )


def test_quiet(run: RunFn, tmp_path: Path) -> None:
    result = run("import", GOOD, BAD / "missing_title.txt", "--into", tmp_path, "--quiet")
    assert result.status == 1
    assert result.out == ""
    assert result.err == (
        f"{BAD / 'missing_title.txt'}:1: error: the front matter has no 'title' and the body "
        "has no heading to take it from\n"
    )


def test_into_must_be_a_folder(run: RunFn, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(SystemExit) as info:
        run("import", GOOD, "--into", tmp_path / "file")
    assert info.value.code == 2


def test_usage_errors_exit_2(run: RunFn) -> None:
    for args in ([], ["import"], ["import", "x"], ["bogus"]):
        with pytest.raises(SystemExit) as info:
            run(*args)
        assert info.value.code == 2


def test_progress_counter_on_a_terminal() -> None:
    err = io.StringIO()
    reporter = Reporter(io.StringIO(), err, progress=True)
    reporter.progress(1, 2, "reading a.md")
    reporter.progress(2, 2, "b.md")
    reporter.diagnostic("a.md", 3, "note", "hello")
    reporter.finish()
    first = "[" + "#" * 10 + " " * 10 + "] 1/2 reading a.md"
    second = "[" + "#" * 20 + "] 2/2 b.md"
    padding = " " * (len(first) - len(second))
    assert err.getvalue() == (
        f"\r{first}\r{second}{padding}\r" + " " * len(first) + "\ra.md:3: note: hello\n"
    )


def test_no_progress_when_not_a_terminal(run: RunFn, tmp_path: Path) -> None:
    result = run("import", GOOD / "007_slug.md", "--into", tmp_path)
    assert "[1/1]" not in result.err
    assert Reporter(io.StringIO(), io.StringIO()).show_progress is False


def test_summary_wording() -> None:
    report = ImportReport(created=1, unresolved=1)
    assert report.summary() == (
        "1 post: 1 created, 0 updated, 0 unchanged, 0 skipped, 0 failed; 1 unresolved related link"
    )


def test_internal_errors_become_one_line(
    run: RunFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx_podcast_ext.importer import pipeline

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.delenv(pipeline.DEBUG_ENV)
    monkeypatch.setattr(pipeline, "convert_body", broken)
    result = run("import", GOOD / "007_slug.md", "--into", tmp_path)
    assert result.status == 1
    assert result.err == (
        f"{GOOD / '007_slug.md'}: error: internal error, please report it: RuntimeError('boom')\n"
    )
    monkeypatch.setenv(pipeline.DEBUG_ENV, "1")
    with pytest.raises(RuntimeError, match="boom"):
        run("import", GOOD / "007_slug.md", "--into", tmp_path)


def test_folder_in_the_way_is_left_alone(run: RunFn, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "custom-post-slug.md").mkdir()  # a folder where the page should go
    result = run("import", GOOD / "007_slug.md", GOOD / "011_dupe_a.txt", "--into", out)
    assert result.status == 0
    assert f"{out / 'custom-post-slug.md'}:1: warning: left alone: it is a folder" in result.err


def test_write_failure_fails_that_file_only(
    run: RunFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx_podcast_ext.importer import writer

    real = writer.atomic_write

    def refuse(dest: Path, text: str) -> None:
        if dest.name == "custom-post-slug.md":
            raise PermissionError(13, "Permission denied", str(dest))
        real(dest, text)

    monkeypatch.setattr(writer, "atomic_write", refuse)
    out = tmp_path / "out"
    result = run("import", GOOD / "007_slug.md", GOOD / "011_dupe_a.txt", "--into", out)
    assert result.status == 1
    assert result.err == f"{out / 'custom-post-slug.md'}: error: Permission denied\n"
    assert [p.name for p in out.iterdir()] == ["20230808-same-title-twice.md"]
    assert "1 created, 0 updated, 0 unchanged, 0 skipped, 1 failed" in result.out


def test_python_m_runs_the_same_cli(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_module("import", GOOD, BAD / "missing_date.txt", "--into", out)
    assert first.returncode == 1
    assert first.stdout.startswith(
        "16 posts: 15 created, 0 updated, 0 unchanged, 0 skipped, 1 failed"
    )
    assert f"{BAD / 'missing_date.txt'}:1: error: the front matter has no 'date'" in first.stderr
    before = snapshot(out)
    second = run_module("import", GOOD, "--into", out)
    assert second.returncode == 0
    assert snapshot(out) == before
    assert run_module("--help").stdout.startswith("usage: sphinx-podcast")


def test_console_script_entry_point_is_main() -> None:
    import tomllib

    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["sphinx-podcast"] == "sphinx_podcast_ext.importer.cli:main"


def test_importer_does_not_import_sphinx() -> None:
    code = (
        "import sys\n"
        "from sphinx_podcast_ext.importer import cli\n"
        "roots = ('sphinx', 'docutils', 'myst_parser')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in roots)\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "[]"


# --- sphinx-podcast new -----------------------------------------------------------------


def test_new_post(run: RunFn, tmp_path: Path) -> None:
    result = run(
        "new",
        "Jane Doe: Building Acme",
        "--into",
        tmp_path,
        "--date",
        "2024-06-01",
        "--show",
        "The Founder Show",
        "--guest",
        "Jane Doe, John Roe",
        "--url",
        "https://youtu.be/dQw4w9WgXcQ",
        "--tags",
        "Startups, Founders",
    )
    path = tmp_path / "20240601-jane-doe-building-acme.md"
    assert result.status == 0
    assert result.out == f"{path}\n"
    text = path.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front == {
        "title": "Jane Doe: Building Acme",
        "date": dt.date(2024, 6, 1),
        "tags": ["Startups", "Founders"],
        "episode": {
            "url": "https://youtu.be/dQw4w9WgXcQ",
            "guest": "Jane Doe, John Roe",
            "show": "The Founder Show",
        },
    }
    assert "```{key-quote}\n:speaker: Jane Doe\n" in text
    assert "\n% " in text  # MyST comments guide the author
    again = run("new", "Jane Doe: Building Acme", "--into", tmp_path, "--date", "2024-06-01")
    assert again.status == 1
    assert again.err == f"{path}: error: already exists; not overwritten\n"
    assert path.read_text(encoding="utf-8") == text


def test_new_post_defaults(run: RunFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("new", "Hello", "--guest", "Sam")
    path = Path(f"{dt.date.today():%Y%m%d}-hello.md")
    assert result.out == f"{path}\n"
    text = path.read_text(encoding="utf-8")
    assert "  # url: https://www.youtube.com/watch?v=..." in text
    assert yaml.safe_load(text.split("---\n")[1])["episode"] == {"guest": "Sam"}
    bare = run("new", "Bare")
    assert "# episode:\n#   url:" in Path(bare.out.strip()).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [["new", "T", "--url", "javascript:alert(1)"], ["new", "T", "--date", "May 5"], ["new", " "]],
)
def test_new_usage_errors(run: RunFn, args: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run(*args)
    assert info.value.code == 2


def test_new_post_imports_cleanly(run: RunFn, tmp_path: Path) -> None:
    run(
        "new",
        "Scaffolded",
        "--into",
        tmp_path / "src",
        "--date",
        "2024-01-01",
        "--url",
        "https://youtu.be/dQw4w9WgXcQ",
    )
    result = run("import", tmp_path / "src", "--into", tmp_path / "out")
    assert result.status == 0
    shutil.rmtree(tmp_path / "out")
