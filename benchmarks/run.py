"""Scaling benchmark: the project's archive site against a plain MyST + ablog baseline.

For each archive size N, the same synthetic posts (``sphinx_podcast_ext.testing``)
are built twice in the same run:

* **site** — the project's own configuration (``content/conf.py`` and its pages),
  with the podcast directives, generated guest/show/quote pages and listings;
* **baseline** — the same text as a plain MyST + sphinx-design + ablog site set up
  as ablog's documentation recommends (posts matched by ``blog_post_pattern`` and
  orphaned, a ``postlist`` on the index, the same theme), with the podcast
  directives replaced by plain blockquotes and links.

Each is measured for: full build wall time, peak RSS, output size, median and
max post page size, no-op rebuild, rebuild after editing one post's body
(checking the edit reaches the output), and a ``-j 2`` full build. Results are
written as JSON and as a Markdown table, each figure also as a ratio to the
baseline of the same N.

Usage: ``python benchmarks/run.py [--sizes 100 1000 2000] [--out benchmarks/results]``
(``nox -s bench -- --sizes 100``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sphinx_podcast_ext.testing import SyntheticPost, generate_archive  # noqa: E402

CONTENT = ROOT / "content"
EDIT_TOKEN = "Benchmarkedit"

BASELINE_CONF = '''\
"""Baseline: MyST + sphinx-design + ablog as ablog's docs recommend; same theme."""
project = "Podcast Archive"
author = "The archive's editors"
extensions = ["myst_parser", "sphinx_design", "ablog"]
myst_enable_extensions = ["colon_fence", "deflist"]
exclude_patterns = ["_build"]
blog_path = "blog"
blog_title = project
blog_post_pattern = "posts/*"
post_auto_orphan = True
post_date_format = "%d %B %Y"
html_theme = "pydata_sphinx_theme"
html_title = project
html_theme_options = {"navbar_align": "left", "show_prev_next": False}
'''

BASELINE_INDEX = """\
# Podcast Archive

Summaries of podcast episodes.

## Latest episodes

```{postlist} 6
:excerpts:
```
"""

#: The measured builds, in order; each later one reuses the earlier one's output.
STEPS = ("full", "noop", "edit", "parallel")


@dataclass
class Measurement:
    """One variant at one size."""

    variant: str
    posts: int
    full_s: float
    peak_rss_mb: float
    output_mb: float
    post_median_kb: float
    post_max_kb: float
    noop_s: float
    edit_s: float
    edit_seen: bool
    parallel_s: float


# -- archives ---------------------------------------------------------------------------------


def _baseline_text(post: SyntheticPost) -> str:
    """The post as plain MyST: quotes as blockquotes, episode and related as links."""
    text = post.text
    text = re.sub(
        r"```\{key-quote\}\n:speaker: (?P<speaker>.*)\n:timestamp: .*\n(?P<quote>.*)\n```",
        lambda m: f"> {m['quote']}\n>\n> — {m['speaker']}",
        text,
    )
    text = re.sub(
        r"```\{related-posts\}\n(?P<body>(?:.*\n)*?)```",
        lambda m: "".join(f"- [Related post](./{line})\n" for line in m["body"].split()),
        text,
    )
    front, _, body = text.partition("\n---\n")
    front = re.sub(r"\nepisode:\n(  .*\n?)+", "\n", front + "\n").rstrip("\n")
    watch = f"\n\n[Watch the episode](https://www.youtube.com/watch?v={post.video_id})\n"
    return front + "\n---\n" + body + watch


def write_site(target: Path, posts: list[SyntheticPost], variant: str) -> None:
    """Write the project's site (or the baseline) with *posts* into *target*."""
    if variant == "site":
        shutil.copytree(CONTENT, target, ignore=shutil.ignore_patterns("_build", "posts"))
    else:
        target.mkdir(parents=True)
        (target / "conf.py").write_text(BASELINE_CONF, encoding="utf-8")
        (target / "index.md").write_text(BASELINE_INDEX, encoding="utf-8")
    folder = target / "posts"
    folder.mkdir(exist_ok=True)
    for post in posts:
        text = post.text if variant == "site" else _baseline_text(post)
        (folder / f"{post.slug}.md").write_text(text, encoding="utf-8")


# -- builds -------------------------------------------------------------------------------------

_RUNNER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:])
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{code} {elapsed} {peak}")
"""


def sphinx_build(src: Path, out: Path, jobs: int = 1) -> tuple[float, float]:
    """Run sphinx-build in a child process; return (seconds, peak RSS in MB)."""
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-b",
        "html",
        "-j",
        str(jobs),
        str(src),
        str(out),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("PODCAST_BASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", _RUNNER, *command], capture_output=True, text=True, env=env
    )
    code, seconds, peak_kb = result.stdout.split()[-3:]
    if code != "0":
        raise RuntimeError(f"sphinx-build failed in {src}:\n{result.stderr[-3000:]}")
    return float(seconds), int(peak_kb) / 1024


def _sizes(out: Path) -> tuple[float, float, float]:
    total = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    pages = [f.stat().st_size for f in (out / "posts").glob("*.html")]
    return total / 2**20, statistics.median(pages) / 1024, max(pages) / 1024


def _edit_post(src: Path, post: SyntheticPost) -> Path:
    """Add a sentence in the middle of a post's body (not its first paragraph)."""
    path = src / "posts" / f"{post.slug}.md"
    text = path.read_text(encoding="utf-8")
    marker = "\n### "
    cut = text.index(marker, text.index(marker) + 1)
    path.write_text(
        text[:cut] + f"\n\nAn added sentence with the word {EDIT_TOKEN}.\n" + text[cut:],
        encoding="utf-8",
    )
    return path


def measure(variant: str, posts: list[SyntheticPost], work: Path) -> Measurement:
    """Build one variant: full, no-op, one edit, then a fresh -j 2 build."""
    src, out = work / f"{variant}-src", work / f"{variant}-out"
    write_site(src, posts, variant)
    full_s, peak = sphinx_build(src, out)
    output_mb, median_kb, max_kb = _sizes(out)
    noop_s, _ = sphinx_build(src, out)
    edited = posts[len(posts) // 2]
    _edit_post(src, edited)
    edit_s, _ = sphinx_build(src, out)
    page = (out / "posts" / f"{edited.slug}.html").read_text(encoding="utf-8")
    parallel_s, _ = sphinx_build(src, work / f"{variant}-out-j2", jobs=2)
    return Measurement(
        variant,
        len(posts),
        full_s,
        peak,
        output_mb,
        median_kb,
        max_kb,
        noop_s,
        edit_s,
        EDIT_TOKEN in page,
        parallel_s,
    )


# -- report -------------------------------------------------------------------------------------

ROWS = (
    ("full build (s)", "full_s"),
    ("peak RSS (MB)", "peak_rss_mb"),
    ("output size (MB)", "output_mb"),
    ("post page, median (KB)", "post_median_kb"),
    ("post page, max (KB)", "post_max_kb"),
    ("no-op rebuild (s)", "noop_s"),
    ("rebuild after one edit (s)", "edit_s"),
    ("full build with -j 2 (s)", "parallel_s"),
)


def markdown_table(results: list[Measurement]) -> str:
    """One row per measure; per size, the site, the baseline and their ratio."""
    sizes = sorted({r.posts for r in results})
    by_key = {(r.variant, r.posts): r for r in results}
    header = (
        "| measure | " + " | ".join(f"N={n} site | N={n} baseline | ratio" for n in sizes) + " |"
    )
    lines = [header, "|---" * (1 + 3 * len(sizes)) + "|"]
    for label, attr in ROWS:
        cells = []
        for n in sizes:
            site, base = by_key[("site", n)], by_key[("baseline", n)]
            a, b = getattr(site, attr), getattr(base, attr)
            cells += [f"{a:.2f}", f"{b:.2f}", f"{a / b:.2f}x" if b else "-"]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    seen = " | ".join(
        f"{by_key[('site', n)].edit_seen} | {by_key[('baseline', n)].edit_seen} | " for n in sizes
    )
    lines.append(f"| edit visible in output | {seen}")
    return "\n".join(lines)


def targets(results: list[Measurement]) -> list[tuple[str, float, float, bool]]:
    """The issue's targets: (what, measured, limit, met)."""
    by_key = {(r.variant, r.posts): r for r in results}
    checks: list[tuple[str, float, float, bool]] = []

    def ratio(n: int, attr: str) -> float:
        return getattr(by_key[("site", n)], attr) / getattr(by_key[("baseline", n)], attr)

    sizes = sorted({r.posts for r in results})
    n = 1000 if 1000 in sizes else sizes[-1]
    for what, attr, limit in (
        ("full build vs baseline", "full_s", 1.10),
        ("rebuild after one edit vs baseline", "edit_s", 0.25),
        ("no-op rebuild vs baseline", "noop_s", 0.25),
    ):
        value = ratio(n, attr)
        checks.append((f"N={n}: {what}", value, limit, value <= limit))
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        growth = by_key[("site", large)].post_median_kb / by_key[("site", small)].post_median_kb
        checks.append((f"post page size N={large} / N={small}", growth, 1.15, growth <= 1.15))
    if 1000 in sizes and 2000 in sizes:
        linear = by_key[("site", 2000)].full_s / by_key[("site", 1000)].full_s
        checks.append(("build time t(2000)/t(1000)", linear, 2.2, linear <= 2.2))
        rss = by_key[("site", 2000)].peak_rss_mb
        checks.append(("peak RSS at N=2000 (MB)", rss, 1536.0, rss <= 1536.0))
    return checks


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write ``results.json`` and ``results.md``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 2000])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    args = parser.parse_args(argv)
    results: list[Measurement] = []
    work = Path(tempfile.mkdtemp(prefix="podcast-bench-"))
    try:
        for size in args.sizes:
            posts = generate_archive(size, seed=args.seed)
            for variant in ("baseline", "site"):
                started = time.perf_counter()
                result = measure(variant, posts, work / str(size))
                results.append(result)
                print(
                    f"N={size} {variant}: {asdict(result)} ({time.perf_counter() - started:.0f}s)"
                )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    args.out.mkdir(parents=True, exist_ok=True)
    checks = targets(results)
    report = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "results": [asdict(r) for r in results],
        "targets": [{"what": w, "value": v, "limit": lim, "met": met} for w, v, lim, met in checks],
    }
    (args.out / "results.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    table = markdown_table(results)
    target_lines = "\n".join(
        f"| {w} | {v:.2f} | {lim:.2f} | {'met' if met else 'MISSED'} |" for w, v, lim, met in checks
    )
    (args.out / "results.md").write_text(
        f"{table}\n\n| target | measured | limit | |\n|---|---|---|---|\n{target_lines}\n",
        encoding="utf-8",
    )
    print(table)
    print(target_lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
