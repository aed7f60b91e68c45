"""The benchmark's report: which figures are targets, and writing it again from its JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
import run  # noqa: E402


def _measurement(variant: str, posts: int, full_s: float) -> run.Measurement:
    return run.Measurement(
        variant=variant,
        posts=posts,
        full_s=full_s,
        peak_rss_mb=100.0 * posts / 1000,
        output_mb=1.0,
        post_median_kb=28.0,
        post_max_kb=30.0,
        largest_page_kb=50.0,
        largest_page="blog.html",
        searchindex_kb=0.2 if variant == "site" else 700.0 * posts / 1000,
        noop_s=1.0 if variant == "site" else 30.0,
        edit_s=2.0 if variant == "site" else 30.0,
        edit_seen=True,
        edit_propagated=True,
        parallel_s=full_s * 0.65,
        runs={"full": [full_s]},
    )


@pytest.fixture
def measured() -> list[run.Measurement]:
    return [
        _measurement(variant, posts, full_s)
        for variant, posts, full_s in (
            ("baseline", 1000, 28.0),
            ("site", 1000, 26.0),
            ("baseline", 10000, 290.0),
            ("site", 10000, 300.0),
        )
    ]


QUERIES = {
    1000: {"search": 370_000, "search_without_code": 69_000, "searchindex_js": 705_000},
    10000: {"search": 720_000, "search_without_code": 415_000, "searchindex_js": 7_670_000},
}


def _targets(out: Path) -> dict[str, dict[str, object]]:
    report = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {target["what"]: target for target in report["targets"]}


def test_one_querys_bytes_are_a_target_at_ten_thousand_posts_only(
    tmp_path: Path, measured: list[run.Measurement]
) -> None:
    run.write_report(measured, QUERIES, tmp_path)
    targets = _targets(tmp_path)
    assert targets["N=10000: one Pagefind query / searchindex.js"]["met"] is True
    assert not [what for what in targets if what.startswith("N=1000: one Pagefind")]
    assert targets["build time t(10000)/t(1000)"]["value"] == pytest.approx(300 / 26)
    assert targets["build time t(10000)/t(1000)"]["met"] is False
    table = (tmp_path / "results.md").read_text(encoding="utf-8")
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| 1000 | ")]
    assert rows == [["| 1000", "361", "67", "688", "0.52 |"]]


def test_the_report_is_written_again_from_its_json(
    tmp_path: Path, measured: list[run.Measurement]
) -> None:
    run.write_report(measured, QUERIES, tmp_path / "first")
    again = tmp_path / "again"
    assert (
        run.main(["--report-from", str(tmp_path / "first" / "results.json"), "--out", str(again)])
        == 0
    )
    for name in ("results.json", "results.md"):
        first = (tmp_path / "first" / name).read_text(encoding="utf-8")
        assert (again / name).read_text(encoding="utf-8") == first


def test_the_growth_target_is_taken_from_paired_builds_when_there_are(
    tmp_path: Path, measured: list[run.Measurement]
) -> None:
    """Each N=10,000 build follows an N=1000 build: the ratio uses those, not the N=1000 median."""
    at_10k = next(m for m in measured if (m.variant, m.posts) == ("site", 10000))
    at_10k.runs["paired_full"] = [28.0, 27.0, 29.5]
    run.write_report(measured, QUERIES, tmp_path)
    growth = _targets(tmp_path)["build time t(10000)/t(1000)"]
    assert growth["value"] == pytest.approx(300 / 28)
    assert growth["met"] is True
    table = (tmp_path / "results.md").read_text(encoding="utf-8")
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| site | ")]
    assert rows == [["| site", "300.00", "28.00", "10.71", "26.00", "11.54 |"]]


def test_figures_a_run_did_not_measure_are_not_judged(tmp_path: Path) -> None:
    """``--full-only-from``: no no-op, edit or ``-j 2`` builds, so no verdict on them."""
    measured = [_measurement(variant, 2000, 60.0) for variant in ("baseline", "site")]
    for measurement in measured:
        measurement.noop_s = measurement.edit_s = measurement.parallel_s = float("nan")
    run.write_report(measured, {}, tmp_path)
    assert set(_targets(tmp_path)) == {
        "N=2000: full build vs baseline",
        "N=2000: edit visible, old title gone",
    }
