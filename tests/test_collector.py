"""``collector.py``: held back while a parallel read is merged, a larger young generation
while a serial build reads, frozen for the exit."""

from __future__ import annotations

import gc
import os
import shutil
import weakref
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_podcast_ext import collector, gcstate, store
from sphinx_podcast_ext.collector import FIRST

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(autouse=True)
def _thawed():
    """Each test starts, and leaves the process, with nothing frozen."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def _app(tmp_path: Path, root: str = "test-quotes", **overrides) -> SphinxTestApp:
    src = tmp_path / "src"
    if not src.exists():
        shutil.copytree(ROOTS / root, src, ignore=shutil.ignore_patterns("_build"))
    return SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out", confoverrides=overrides)


def _frozen_while_reading(app: SphinxTestApp) -> list[int]:
    counts: list[int] = []
    app.connect("env-before-read-docs", lambda *args: counts.append(gc.get_freeze_count()), 999)
    return counts


def _next_build_puts_the_thresholds_back(tmp_path: Path, before: tuple[int, int, int]) -> None:
    again = _app(tmp_path / "again")
    try:
        assert gc.get_threshold() == before  # builder-inited
        again.build()
    finally:
        again.cleanup()
    assert gc.get_threshold() == before


def test_a_build_ends_with_its_objects_frozen_and_the_next_build_thaws_them(tmp_path):
    app = _app(tmp_path)
    reading = _frozen_while_reading(app)
    try:
        app.build()
        assert gc.get_freeze_count() > 0  # what the exit would have walked
        (Path(app.srcdir) / "index.md").write_text("# Quotes again\n", "utf-8")
        app.build()  # the same application, once more: collected as usual while it works
    finally:
        app.cleanup()
    assert reading == [0, 0]
    assert gc.get_freeze_count() > 0


def test_a_new_application_thaws_what_the_last_one_froze(tmp_path):
    first = _app(tmp_path / "one")
    first.build()
    first.cleanup()
    assert gc.get_freeze_count() > 0
    second = _app(tmp_path / "two")
    try:
        assert gc.get_freeze_count() == 0  # builder-inited
    finally:
        second.cleanup()


def test_a_project_without_posts_is_left_as_it_was(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["myst_parser", "sphinx_podcast_ext"]\n', "utf-8")
    (src / "index.md").write_text("# Plain\n\nNo posts here.\n", "utf-8")
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out")
    try:
        app.build()
    finally:
        app.cleanup()
    assert gc.get_freeze_count() == 0


def test_a_host_that_froze_its_own_objects_keeps_them_frozen(tmp_path):
    gc.freeze()
    host = gc.get_freeze_count()
    app = _app(tmp_path)
    reading = _frozen_while_reading(app)
    try:
        app.build()
        app.build()
    finally:
        app.cleanup()
    # Never thawed by the extension, and nothing of the build's added (the host's
    # frozen objects still leave the count when their references go).
    assert len(reading) == 2
    assert all(0 < count <= host for count in [*reading, gc.get_freeze_count()])


# -- Held back while a parallel read is merged ---------------------------------------------


def _many_documents(tmp_path: Path, count: int = 30, quotes: bool = False) -> Path:
    """A project of *count* pages: Sphinx reads it in three chunks with ``-j 2``.

    Plain pages, or (*quotes*) each with a key quote: a project that uses the extension.
    """
    src = tmp_path / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text('extensions = ["myst_parser", "sphinx_podcast_ext"]\n', "utf-8")
    names = [f"page{number:02d}" for number in range(count)]
    toctree = "\n".join(names)
    (src / "index.md").write_text(f"# Pages\n\n```{{toctree}}\n{toctree}\n```\n", "utf-8")
    for name in names:
        quote = f"```{{key-quote}}\n:speaker: Guest {name}\nSaid on {name}.\n```\n"
        if not quotes:
            quote = ""
        (src / f"{name}.md").write_text(f"# {name}\n\nA paragraph of {name}.\n\n{quote}", "utf-8")
    return src


class _Seen:
    """The collector's thresholds at each step of a build, in the main process and the readers."""

    def __init__(self, app: SphinxTestApp, readers_log: Path) -> None:
        self.before = gc.get_threshold()
        self.merges: list[tuple[int, int, int]] = []
        self.updated: list[tuple[tuple[int, int, int], int]] = []
        self.readers_log = readers_log
        # After the extension's own handler of each event.
        app.connect("env-merge-info", lambda *args: self.merges.append(gc.get_threshold()), 1001)
        app.connect("env-updated", lambda *args: self.updated.append(self._now()), 1)
        app.connect("source-read", self._reading)

    @staticmethod
    def _now() -> tuple[tuple[int, int, int], int]:
        return gc.get_threshold(), gc.get_count()[0]

    def _reading(self, app, docname, source) -> None:
        with self.readers_log.open("a", encoding="utf-8") as log:
            thresholds = " ".join(map(str, gc.get_threshold()))
            log.write(f"{os.getpid()} {gc.get_freeze_count()} {thresholds}\n")

    def readers(self) -> list[tuple[int, tuple[int, ...]]]:
        """``(pid, thresholds)`` of each document read."""
        return [(pid, thresholds) for pid, _, thresholds in self._read_lines()]

    def frozen_in_readers(self) -> dict[int, int]:
        """How many objects each reading process had frozen."""
        return {pid: frozen for pid, frozen, _ in self._read_lines()}

    def _read_lines(self) -> list[tuple[int, int, tuple[int, ...]]]:
        lines = self.readers_log.read_text("utf-8").splitlines()
        return [
            (int(pid), int(frozen), tuple(map(int, rest)))
            for pid, frozen, *rest in map(str.split, lines)
        ]

    def held(self, thresholds: tuple[int, int, int]) -> bool:
        """Thresholds the extension set to hold the collector back."""
        first, *others = thresholds
        return first >= 2 * gcstate.MIN_HELD_GARBAGE and others == list(self.before[1:])


def test_a_parallel_read_is_merged_with_the_collector_held_back(tmp_path):
    src = _many_documents(tmp_path)
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out", parallel=2)
    seen = _Seen(app, tmp_path / "readers.log")
    try:
        app.build()
    finally:
        app.cleanup()
    # Held back from the first merge on, through the last one.
    assert len(seen.merges) >= 3
    assert all(seen.held(thresholds) for thresholds in seen.merges)
    # Reading is over: collected, then as usual (before the writers are forked).
    [(thresholds, made_since)] = seen.updated
    assert thresholds == seen.before
    assert made_since < 1000
    # The readers, forked while it was held back, collected as usual.
    readers = seen.readers()
    assert len(readers) == 31
    assert {pid for pid, _ in readers} - {os.getpid()}
    assert all(thresholds == seen.before for _, thresholds in readers)
    # ...but not over what they inherited: frozen in each reader, never in the main process.
    frozen = seen.frozen_in_readers()
    assert frozen.pop(os.getpid(), 0) == 0
    assert frozen and all(count > 1000 for count in frozen.values())
    assert gc.isenabled()
    assert gc.get_threshold() == seen.before


def test_a_parallel_read_of_posts_freezes_the_merges_garbage_for_the_writing(tmp_path):
    src = _many_documents(tmp_path, quotes=True)
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out", parallel=2)
    seen = _Seen(app, tmp_path / "readers.log")
    frozen: list[int] = []
    app.connect("env-updated", lambda *args: frozen.append(gc.get_freeze_count()), 1)
    try:
        app.build()
    finally:
        app.cleanup()
    assert seen.merges and all(seen.held(thresholds) for thresholds in seen.merges)
    # As usual again, with the environment and the merges' garbage frozen, not walked.
    [(thresholds, made_since)] = seen.updated
    assert thresholds == seen.before
    assert made_since < 1000
    assert frozen and frozen[0] > 1000
    assert seen.frozen_in_readers().pop(os.getpid(), 0) == 0  # nothing frozen while reading


class _Junk:
    """A garbage cycle only the cycle collector frees; a weak reference tells whether it did."""

    def __init__(self) -> None:
        self.me = self


def test_the_garbage_held_back_is_frozen_when_the_hold_ends_not_collected(tmp_path):
    """Released first, the thresholds would let the next object made set off a collection
    of everything held back: 0.2 s after reading and 0.5 s before the generated pages at
    1,000 posts, which the freeze saves."""
    src = _many_documents(tmp_path, quotes=True)
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out", parallel=2)
    made: dict[str, weakref.ref[_Junk]] = {}
    alive: dict[str, bool] = {}

    def make(event: str) -> None:
        if event not in made and gcstate.HOLD.held:
            made[event] = weakref.ref(_Junk())  # garbage at once

    app.connect("env-merge-info", lambda *args: make("reading"), 1001)
    app.connect("doctree-resolved", lambda *args: make("writing"), 1001)
    app.connect("env-updated", lambda *args: alive.update(reading=made["reading"]() is not None), 1)
    app.connect(
        "html-collect-pages",
        lambda app: alive.update(writing=made["writing"]() is not None) or [],
        collector.FIRST + 1,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    assert alive == {"reading": True, "writing": True}
    assert gc.get_freeze_count() > 0  # until the next build thaws and collects it


def test_a_serial_read_never_holds_the_collector_back(tmp_path):
    src = _many_documents(tmp_path)
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out")
    seen = _Seen(app, tmp_path / "readers.log")
    try:
        app.build()
    finally:
        app.cleanup()
    assert seen.merges == []
    assert [thresholds for thresholds, _ in seen.updated] == [seen.before]
    assert all(thresholds == seen.before for _, thresholds in seen.readers())
    assert set(seen.frozen_in_readers().values()) == {0}


def test_a_build_that_fails_after_merging_leaves_the_collector_as_it_was(tmp_path):
    """Reading stops with an error after the last merge (no root document), before
    ``env-updated``: ``build-finished`` releases the collector."""
    from sphinx.errors import SphinxError

    src = _many_documents(tmp_path)
    app = SphinxTestApp(
        "html",
        srcdir=src,
        builddir=tmp_path / "out",
        parallel=2,
        confoverrides={"root_doc": "missing"},
    )
    seen = _Seen(app, tmp_path / "readers.log")
    try:
        with pytest.raises(SphinxError, match="unable to load the master document"):
            app.build()
    finally:
        app.cleanup()
    assert seen.merges and all(seen.held(thresholds) for thresholds in seen.merges)
    assert seen.updated == []
    assert gc.get_threshold() == seen.before


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit])
def test_an_interrupted_read_leaves_the_collector_running_until_the_next_build(tmp_path, interrupt):
    """``KeyboardInterrupt`` and ``SystemExit`` never reach ``build-finished``: the
    collector keeps running (on larger batches), and the next build puts the
    thresholds back."""
    src = _many_documents(tmp_path)
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out", parallel=2)
    seen = _Seen(app, tmp_path / "readers.log")

    def interrupted(*args) -> None:
        raise interrupt

    app.connect("env-updated", interrupted, collector.FIRST - 1)
    try:
        with pytest.raises(interrupt):
            app.build()
        assert gc.isenabled()
        assert seen.held(gc.get_threshold())
    finally:
        app.cleanup()
    _next_build_puts_the_thresholds_back(tmp_path, seen.before)


def test_thresholds_the_host_sets_meanwhile_are_kept(tmp_path):
    src = _many_documents(tmp_path)
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out", parallel=2)
    seen = _Seen(app, tmp_path / "readers.log")
    host = (5_000, 20, 20)
    merges: list[int] = []

    def host_changes_them(*args) -> None:
        merges.append(1)
        if len(merges) == 2:
            gc.set_threshold(*host)

    app.connect("env-merge-info", host_changes_them, 1002)
    try:
        app.build()
        assert gc.get_threshold() == host
    finally:
        gc.set_threshold(*seen.before)
        app.cleanup()
    assert len(merges) >= 3


def test_a_host_that_disabled_the_collector_keeps_it_disabled(tmp_path):
    src = _many_documents(tmp_path)
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out", parallel=2)
    seen = _Seen(app, tmp_path / "readers.log")
    gc.disable()
    try:
        app.build()
        assert not gc.isenabled()
    finally:
        gc.enable()
        app.cleanup()
    assert seen.merges and not any(seen.held(thresholds) for thresholds in seen.merges)
    assert [thresholds for thresholds, _ in seen.updated] == [seen.before]


def test_merging_collects_once_the_new_objects_outnumber_the_live_ones(monkeypatch):
    monkeypatch.setattr(gcstate, "MIN_HELD_GARBAGE", 10)
    before = gc.get_threshold()
    hold = gcstate.Hold()
    hold.hold()
    try:
        hold.live = 50_000
        hold._raise(before)
        cycles = [_cycle() for _ in range(1_000)]  # 2,000 new objects, fewer than the live ones
        del cycles
        hold.collect_if_due()
        assert gc.get_count()[0] >= 2_000  # not collected yet
        hold.live = 1_000
        hold.collect_if_due()
        assert gc.get_count()[0] < 100  # collected
        assert abs(hold.live - len(gc.get_objects())) < 100  # counted after collecting
        assert gc.get_threshold()[0] == 2 * hold.live
    finally:
        hold.release()
    assert gc.get_threshold() == before


def _cycle() -> list[object]:
    first: list[object] = []
    first.append([first])
    return first


# -- Held back while the main process resolves for parallel writers -------------------------


class _Writing:
    """The collector's state while documents are resolved (main process) and written."""

    def __init__(self, app: SphinxTestApp, writers_log: Path) -> None:
        self.before = gc.get_threshold()
        self.resolved: list[tuple[int, tuple[int, int, int]]] = []
        self.at_pages: list[tuple[tuple[int, int, int], int]] = []
        self.writers_log = writers_log
        self.frozen_after_reading: list[int] = []
        # After the extension's own handlers of each event.
        app.connect(
            "env-updated", lambda *args: self.frozen_after_reading.append(gc.get_freeze_count()), 1
        )
        app.connect("doctree-resolved", self._resolved, 1001)
        app.connect("html-collect-pages", self._pages, collector.FIRST + 1)
        app.connect("html-page-context", self._written)

    def _resolved(self, app, doctree, docname) -> None:
        self.resolved.append((os.getpid(), gc.get_threshold()))

    def _pages(self, app) -> list[object]:
        self.at_pages.append((gc.get_threshold(), gc.get_freeze_count()))
        return []

    def _written(self, app, pagename, templatename, context, doctree) -> None:
        if doctree is not None:
            with self.writers_log.open("a", encoding="utf-8") as log:
                thresholds = " ".join(map(str, gc.get_threshold()))
                log.write(f"{os.getpid()} {gc.get_freeze_count()} {thresholds}\n")

    def writers(self) -> dict[int, tuple[int, tuple[int, ...]]]:
        """``pid: (frozen, thresholds)`` of each process that wrote a document."""
        lines = self.writers_log.read_text("utf-8").splitlines()
        return {
            int(pid): (int(frozen), tuple(map(int, rest)))
            for pid, frozen, *rest in map(str.split, lines)
        }


def _held(thresholds: tuple[int, int, int], before: tuple[int, int, int]) -> bool:
    first, *others = thresholds
    return first >= 2 * gcstate.MIN_HELD_GARBAGE and others == list(before[1:])


def test_a_parallel_write_is_resolved_with_the_collector_held_back(tmp_path):
    app = SphinxTestApp(
        "html", srcdir=_many_documents(tmp_path, quotes=True), builddir=tmp_path / "out", parallel=2
    )
    seen = _Writing(app, tmp_path / "writers.log")
    try:
        app.build()
    finally:
        app.cleanup()
    # Every document the main process resolved for the writers, from the first on.
    assert len(seen.resolved) == 31
    assert {pid for pid, _ in seen.resolved} == {os.getpid()}
    assert all(_held(thresholds, seen.before) for _, thresholds in seen.resolved)
    # The documents are written: as usual again, the trees' garbage frozen for the rest.
    [(thresholds, frozen)] = seen.at_pages
    assert thresholds == seen.before
    assert frozen > 1000
    # The writers collect as usual, but not over what they inherited.
    writers = seen.writers()
    assert set(writers) - {os.getpid()}
    for pid, (frozen_in_writer, thresholds) in writers.items():
        if pid == os.getpid():  # Sphinx writes the first document itself, while resolving
            assert _held(thresholds, seen.before)
        else:
            assert thresholds == seen.before
            # More than the main process had frozen when reading ended: its own share.
            assert frozen_in_writer > seen.frozen_after_reading[0] + 1000
    assert gc.get_threshold() == seen.before


class _HeldGarbage:
    """A garbage cycle made in the main process while the collector is held back, and
    whether each process forked after it still has it when its work starts.

    Its weak reference is inherited by every fork; a reader's first ``source-read``
    and a writer's first ``html-page-context`` (before the extension's own handler)
    write ``pid alive`` to *log*.
    """

    def __init__(self, app: SphinxTestApp, log: Path) -> None:
        self.log = log
        self.parent = os.getpid()
        self.refs: dict[str, weakref.ref[_Junk]] = {}
        self.started: set[int] = set()
        app.connect("env-merge-info", lambda *args: self._make("reading"), 1001)
        app.connect("doctree-resolved", lambda *args: self._make("writing"), 1001)
        app.connect("source-read", lambda *args: self._starts("reading"), collector.FIRST - 1)
        app.connect("html-page-context", lambda *args: self._starts("writing"), collector.FIRST - 1)

    def _make(self, phase: str) -> None:
        if phase not in self.refs and gcstate.HOLD.held:
            self.refs[phase] = weakref.ref(_Junk())  # garbage at once, not collected yet

    def _starts(self, phase: str) -> None:
        pid = os.getpid()
        if pid == self.parent or pid in self.started or phase not in self.refs:
            return
        self.started.add(pid)
        with self.log.open("a", encoding="utf-8") as log:
            log.write(f"{pid} {phase} {int(self.refs[phase]() is not None)}\n")

    def seen(self) -> list[tuple[str, bool]]:
        """``(phase, still there)`` for each worker forked after the garbage was made."""
        lines = self.log.read_text("utf-8").splitlines() if self.log.exists() else []
        return [(phase, alive == "1") for _pid, phase, alive in map(str.split, lines)]


def test_workers_never_collect_what_the_main_process_held_back(tmp_path):
    """Forked while the collector is held back, a reader or writer does not walk what the
    main process held back before its work starts: released at the fork as it was, its
    first object set off a collection of all of it (0.3-0.5 s in every writer at 1,000
    posts), before it starts on its documents."""
    src = _many_documents(tmp_path, count=120, quotes=True)
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out", parallel=2)
    writing = _Writing(app, tmp_path / "writers.log")
    garbage = _HeldGarbage(app, tmp_path / "garbage.log")
    try:
        app.build()
    finally:
        app.cleanup()
    seen = garbage.seen()
    assert {phase for phase, _ in seen} == {"reading", "writing"}
    assert all(alive for _, alive in seen), seen
    # They collect as usual, at the host's thresholds (the main process writes the first
    # document itself, while it holds the collector back).
    writers = writing.writers()
    assert set(writers) - {os.getpid()}
    assert all(writers[pid][1] == writing.before for pid in set(writers) - {os.getpid()})


def test_a_parallel_write_of_a_project_without_posts_freezes_nothing_before_its_pages(tmp_path):
    src = _many_documents(tmp_path)
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out", parallel=2)
    seen = _Writing(app, tmp_path / "writers.log")
    try:
        app.build()
    finally:
        app.cleanup()
    assert all(_held(thresholds, seen.before) for _, thresholds in seen.resolved)
    assert seen.at_pages == [(seen.before, 0)]
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == seen.before


def _young(thresholds: tuple[int, int, int], before: tuple[int, int, int]) -> bool:
    first, *others = thresholds
    return first == gcstate.READING_THRESHOLD and others == list(before[1:])


def test_a_serial_build_of_posts_reads_and_writes_with_a_larger_young_generation(tmp_path):
    """From the first page with a quote to the generated pages: a document's garbage dies
    young; the environment is frozen when reading ends; the host's thresholds come back."""
    app = SphinxTestApp(
        "html", srcdir=_many_documents(tmp_path, quotes=True), builddir=tmp_path / "out"
    )
    seen = _Writing(app, tmp_path / "writers.log")
    read: list[tuple[int, int, int]] = []
    app.connect("source-read", lambda *args: read.append(gc.get_threshold()))
    try:
        app.build()
    finally:
        app.cleanup()
    # Sphinx reads index first, then page00: the domain has a post from page01 on.
    assert read[:2] == [seen.before, seen.before]
    assert len(read) == 31 and all(_young(thresholds, seen.before) for thresholds in read[2:])
    assert seen.frozen_after_reading and seen.frozen_after_reading[0] > 0
    assert len(seen.resolved) == 31
    assert all(_young(thresholds, seen.before) for _, thresholds in seen.resolved)
    # Nothing more frozen before the pages (a frozen object freed by its count leaves it).
    [(thresholds, frozen)] = seen.at_pages
    assert thresholds == seen.before
    assert 0.99 * seen.frozen_after_reading[0] < frozen <= seen.frozen_after_reading[0]
    assert gc.get_threshold() == seen.before


def test_what_an_incremental_serial_read_purged_is_collected_not_frozen(tmp_path):
    """An edited page's old data is garbage once Sphinx purges it: collected before the
    environment is frozen, not kept frozen until the next build. Ten of the 31 pages are
    edited: a read of a quarter of them or more collects and freezes."""
    src = _many_documents(tmp_path, quotes=True)
    old: dict[str, weakref.ref[_Junk]] = {}
    alive: list[bool] = []

    def remember(app, doctree) -> None:
        # Held by the environment (and its pickle) until the page is purged.
        app.env.podcast_test_junk = {"page05": _Junk()}

    def purge(app, env, docname) -> None:
        if docname == "page05":
            old["junk"] = weakref.ref(env.podcast_test_junk.pop("page05"))

    first = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out")
    first.connect("doctree-read", remember)
    try:
        first.build()
    finally:
        first.cleanup()
    for number in range(10):
        (src / f"page{number:02d}.md").write_text(f"# page{number:02d}\n\nEdited.\n", "utf-8")
    second = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out")
    second.connect("env-purge-doc", purge)
    second.connect("env-updated", lambda *args: alive.append(old["junk"]() is not None), 1)
    try:
        second.build()
    finally:
        second.cleanup()
    assert alive == [False]
    assert gc.get_freeze_count() > 0


class _FullCollections:
    """Full collections, and whether each ran during ``env-updated``."""

    def __init__(self, app: SphinxTestApp) -> None:
        self.during: list[bool] = []
        self.updating = False
        app.connect("env-updated", lambda *args: setattr(self, "updating", True), 2 * FIRST)
        app.connect("env-updated", lambda *args: setattr(self, "updating", False), 999)

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            self.during.append(self.updating)


def test_an_edits_rebuild_neither_collects_nor_freezes_when_reading_ends(tmp_path):
    """Found by an attack: the collection at ``env-updated`` walked the whole heap for the
    garbage of one page. A read of less than a quarter of the pages leaves it be."""
    src = _many_documents(tmp_path, quotes=True)
    first = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out")
    try:
        first.build()
    finally:
        first.cleanup()
    (src / "page07.md").write_text("# page07\n\nEdited.\n", "utf-8")
    second = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out")
    seen = _Writing(second, tmp_path / "writers.log")
    collections = _FullCollections(second)
    gc.callbacks.append(collections)
    try:
        second.build()
    finally:
        gc.callbacks.remove(collections)
        second.cleanup()
    assert True not in collections.during
    assert seen.frozen_after_reading == [0]
    assert seen.resolved and all(thresholds == seen.before for _, thresholds in seen.resolved)
    assert gc.get_threshold() == seen.before


def test_whether_the_extension_is_in_use_is_known_without_a_scan_of_the_posts(tmp_path):
    """Asked before each document of a serial read: a scan of every post record made a
    read of a large project without dated posts quadratic."""
    app = _app(tmp_path)
    domain = store.get_domain(app.env)

    class _Unscannable(dict):
        def values(self):
            raise AssertionError("the post records were scanned")

        __iter__ = items = values

    try:
        domain.data["posts"] = _Unscannable()
        assert not domain.in_use()
        domain.note_dated_post("episode")
        assert domain.in_use()
        domain.clear_doc("episode")
        assert not domain.in_use()
    finally:
        app.cleanup()


@pytest.mark.parametrize("host", [(0, 10, 10), (200_000, 10, 10)])
def test_a_serial_read_keeps_a_hosts_stopped_or_larger_young_generation(tmp_path, host):
    before = gc.get_threshold()
    read: list[tuple[int, int, int]] = []
    app = SphinxTestApp(
        "html", srcdir=_many_documents(tmp_path, quotes=True), builddir=tmp_path / "out"
    )
    app.connect("source-read", lambda *args: read.append(gc.get_threshold()))
    gc.set_threshold(*host)
    try:
        app.build()
        assert gc.get_threshold() == host
    finally:
        gc.set_threshold(*before)
        app.cleanup()
    assert set(read) == {host}


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit])
def test_an_interrupted_serial_read_has_the_next_build_put_the_thresholds_back(tmp_path, interrupt):
    before = gc.get_threshold()
    app = SphinxTestApp(
        "html", srcdir=_many_documents(tmp_path, quotes=True), builddir=tmp_path / "out"
    )
    read: list[int] = []

    def interrupted(app, docname, source) -> None:
        read.append(1)
        if len(read) == 10:
            raise interrupt

    app.connect("source-read", interrupted)
    try:
        with pytest.raises(interrupt):
            app.build()
        assert gc.isenabled()
        assert _young(gc.get_threshold(), before)
    finally:
        app.cleanup()
    _next_build_puts_the_thresholds_back(tmp_path, before)


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_other_builders_get_the_hosts_thresholds_back_when_the_build_ends(tmp_path, builder):
    """They have no ``html-collect-pages``: the larger young generation ends with the build."""
    before = gc.get_threshold()
    app = SphinxTestApp(
        builder, srcdir=_many_documents(tmp_path, quotes=True), builddir=tmp_path / "out"
    )
    resolved: list[tuple[int, int, int]] = []
    app.connect("doctree-resolved", lambda *args: resolved.append(gc.get_threshold()))
    try:
        app.build()
    finally:
        app.cleanup()
    assert resolved and all(_young(thresholds, before) for thresholds in resolved)
    assert gc.get_threshold() == before


def test_a_failed_parallel_write_leaves_the_collector_as_it_was(tmp_path):
    from sphinx.errors import ExtensionError

    app = SphinxTestApp(
        "html", srcdir=_many_documents(tmp_path, quotes=True), builddir=tmp_path / "out", parallel=2
    )
    seen = _Writing(app, tmp_path / "writers.log")
    resolved: list[str] = []

    def fails_in_the_middle(app, doctree, docname) -> None:
        resolved.append(docname)
        if len(resolved) == 12:
            raise RuntimeError("a handler fails")

    app.connect("doctree-resolved", fails_in_the_middle, 1002)
    try:
        with pytest.raises(ExtensionError, match="a handler fails"):
            app.build()
    finally:
        app.cleanup()
    assert seen.resolved and all(_held(t, seen.before) for _, t in seen.resolved)
    assert seen.at_pages == []
    assert gc.get_threshold() == seen.before  # build-finished


def test_the_next_build_of_an_interrupted_parallel_write_holds_nothing(tmp_path):
    app = SphinxTestApp(
        "html", srcdir=_many_documents(tmp_path, quotes=True), builddir=tmp_path / "out", parallel=2
    )
    before = gc.get_threshold()

    def interrupted(app, doctree, docname) -> None:
        raise KeyboardInterrupt

    app.connect("doctree-resolved", interrupted, 1002)
    try:
        with pytest.raises(KeyboardInterrupt):
            app.build()
        assert gc.isenabled()
        assert _held(gc.get_threshold(), before)  # still collects, on larger batches
    finally:
        app.cleanup()
    _next_build_puts_the_thresholds_back(tmp_path, before)


class _ReadDoctrees:
    """The doctrees a build reads, and what Sphinx still keeps of them when reading ends."""

    def __init__(self, app: SphinxTestApp) -> None:
        self.read: dict[str, weakref.ref] = {}
        self.alive_when_read_ends: list[str] = []
        self.cached_when_read_ends: list[str] = []
        self.held_by_a_publisher: list[str] = []
        app.connect("doctree-read", self._note)
        # After the extension's handler of env-updated.
        app.connect("env-updated", self._reading_ended, 999)

    def _note(self, app, doctree) -> None:
        self.read[app.env.docname] = weakref.ref(doctree)

    def _reading_ended(self, app, env) -> None:
        self.cached_when_read_ends = sorted(env._write_doc_doctree_cache)
        gc.collect()
        # Sphinx 8 keeps one docutils Publisher per file type, and the Publisher
        # keeps the last document it read until it reads the next (Sphinx 9 does not).
        publishers = getattr(app.registry, "publishers", {}).values()
        last_read = {id(getattr(publisher, "document", None)) for publisher in publishers}
        alive = {name: ref() for name, ref in self.read.items() if ref() is not None}
        self.alive_when_read_ends = sorted(alive)
        self.held_by_a_publisher = sorted(
            name for name, tree in alive.items() if id(tree) in last_read
        )


def _pages(out: Path) -> dict[str, str]:
    return {
        str(page.relative_to(out)): page.read_text("utf-8")
        for page in sorted(out.rglob("*.html"))
        if "_static" not in page.parts
    }


def test_a_serial_read_of_posts_keeps_no_doctree_until_writing(tmp_path, monkeypatch):
    src = _many_documents(tmp_path, quotes=True)
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out")
    doctrees = _ReadDoctrees(app)
    try:
        app.build()
    finally:
        app.cleanup()
    assert len(doctrees.read) == 31
    assert doctrees.cached_when_read_ends == []
    # Freed, not only out of Sphinx's cache (but for the one Sphinx 8's Publisher holds).
    assert len(doctrees.held_by_a_publisher) <= 1
    assert doctrees.alive_when_read_ends == doctrees.held_by_a_publisher
    written = _pages(Path(app.outdir))
    assert "Said on page07." in written["page07.html"]

    # The same project with Sphinx's cache kept: the same pages.
    monkeypatch.setattr(collector, "let_go_of_read_doctree", lambda *args: None)
    kept = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "kept")
    kept_doctrees = _ReadDoctrees(kept)
    try:
        kept.build()
    finally:
        kept.cleanup()
    assert len(kept_doctrees.cached_when_read_ends) == 31
    assert _pages(Path(kept.outdir)) == written


def test_a_project_without_posts_keeps_sphinxs_doctree_cache(tmp_path):
    src = _many_documents(tmp_path)
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out")
    doctrees = _ReadDoctrees(app)
    try:
        app.build()
    finally:
        app.cleanup()
    assert doctrees.cached_when_read_ends == sorted(doctrees.read)
    assert len(doctrees.alive_when_read_ends) == 31
