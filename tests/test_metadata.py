"""metadata: the front-matter schema, from YAML types or MyST's text metadata."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_podcast_ext.frontmatter import parse
from sphinx_podcast_ext.metadata import (
    MAX_TEXT,
    POST_FIELDS,
    Episode,
    Post,
    Problem,
    episode_from_mapping,
    parse_date,
    post_from_metadata,
    split_list,
)

VID = "dQw4w9WgXcQ"
YT = f"https://www.youtube.com/watch?v={VID}"

#: The sample front matter as the YAML loader returns it...
SAMPLE_YAML = {
    "title": "Bastian Lehmann: How the Uber Deal Went Down | E1137",
    "date": dt.date(2024, 4, 8),
    "tags": ["Tech", "AI"],
    "episode": {"url": f"https://youtu.be/{VID}?t=95", "show": "20VC", "guest": "Bastian Lehmann"},
}
#: ...and as MyST leaves it in env.metadata (lists and mappings as JSON text).
SAMPLE_MYST = {
    "title": SAMPLE_YAML["title"],
    "date": "2024-04-08",
    "tags": '["Tech", "AI"]',
    "episode": json.dumps(SAMPLE_YAML["episode"]),
}
#: ...and as a reST field list gives it (comma-separated tags).
SAMPLE_REST = {**SAMPLE_MYST, "tags": "Tech, AI"}


def keys(problems: list[Problem]) -> list[str]:
    return [p.key for p in problems]


@pytest.mark.parametrize(
    "metadata", [SAMPLE_YAML, SAMPLE_MYST, SAMPLE_REST], ids=["yaml", "myst", "rest"]
)
def test_sample_front_matter(metadata):
    post, problems = post_from_metadata(metadata)
    assert problems == []
    assert post.title == "Bastian Lehmann: How the Uber Deal Went Down | E1137"
    assert (post.date, post.date_text) == (dt.date(2024, 4, 8), "2024-04-08")
    assert post.tags == ("Tech", "AI")
    assert post.is_post
    episode = post.episode
    assert episode is not None
    assert (episode.url, episode.video_id, episode.start) == (
        f"https://youtu.be/{VID}?t=95",
        VID,
        95,
    )
    assert (episode.show, episode.guests, episode.embed) == ("20VC", ("Bastian Lehmann",), "link")


def test_keys_are_case_and_space_insensitive():
    post, problems = post_from_metadata({" Title ": "T", "DATE": "2024-01-02", "Tags": "a"})
    assert (post.title, post.date, post.tags, problems) == ("T", dt.date(2024, 1, 2), ("a",), [])


def test_other_fields():
    post, problems = post_from_metadata(
        {"description": " d ", "slug": "s", "legacy_slug": "old/s", "unrelated": [1, 2]}
    )
    assert (post.description, post.slug, post.legacy_slug, problems) == ("d", "s", "old/s", [])
    assert set(POST_FIELDS) >= {"title", "date", "tags", "episode"}


@pytest.mark.parametrize(
    ("metadata", "is_post"),
    [
        ({}, False),
        ({"title": "About"}, False),
        ({"title": "About", "tags": "x"}, False),
        ({"date": "2024-05-15"}, True),
        ({"date": "May 15, 2024"}, True),  # an invalid date is still a post's date
        ({"episode": YT}, True),
        ({"episode": {"url": "javascript:alert(1)"}}, True),
        ({"episode": 5}, False),
        ({"date": None, "episode": None}, False),
    ],
)
def test_is_post(metadata, is_post):
    assert post_from_metadata(metadata)[0].is_post is is_post


@pytest.mark.parametrize(
    ("value", "date"),
    [
        (dt.date(2024, 5, 15), dt.date(2024, 5, 15)),
        (dt.datetime(2024, 5, 15, 10, 30), dt.date(2024, 5, 15)),
        ("2024-05-15", dt.date(2024, 5, 15)),
        (" 2024-05-15 ", dt.date(2024, 5, 15)),
        ("2024-05-15T10:30:00", dt.date(2024, 5, 15)),
        ("2024-05-15 10:30:00+02:00", dt.date(2024, 5, 15)),
    ],
)
def test_parse_date(value, date):
    assert parse_date(value) == date
    post, problems = post_from_metadata({"date": value})
    assert (post.date, problems) == (date, [])


@pytest.mark.parametrize(
    ("metadata", "key", "kept"),
    [
        ({"date": "May 15, 2024"}, "date", lambda p: p.date_text == "May 15, 2024"),
        ({"date": "2024-13-45"}, "date", lambda p: p.date_text == "2024-13-45"),
        ({"date": 2024}, "date", lambda p: p.date_text == "2024"),
        ({"date": ["2024-05-15"]}, "date", lambda p: p.date is None),
        ({"tags": 5}, "tags", lambda p: p.tags == ("5",)),
        ({"tags": {"a": 1}}, "tags", lambda p: p.tags != ()),
        ({"tags": '{"a": 1}'}, "tags", lambda p: p.tags != ()),
        ({"title": ["a", "b"]}, "title", lambda p: p.title == "a, b"),
        ({"title": {"a": "b"}}, "title", lambda p: p.title == "b"),
        ({"description": ["x"]}, "description", lambda p: p.description == "x"),
        ({"slug": {"x": 1}}, "slug", lambda p: p.slug == "1"),
        ({"episode": 5}, "episode", lambda p: p.episode is None),
        ({"episode": None}, "episode", lambda p: p.episode is None),
        ({"episode": ["x"]}, "episode", lambda p: p.episode is None),
        ({"episode": "  "}, "episode", lambda p: p.episode is None),
        ({"episode": "[1, 2]"}, "episode", lambda p: p.episode is None),
    ],
)
def test_bad_post_values(metadata, key, kept):
    post, problems = post_from_metadata(metadata)
    assert keys(problems) == [key]
    assert kept(post)


EPISODE_CASES = [
    # (episode mapping, problem keys, check on the episode record)
    (
        {"url": "javascript:alert(1)"},
        ["episode.url"],
        lambda e: (e.url, e.raw_url) == (None, "javascript:alert(1)"),
    ),
    ({"url": "JaVaScRiPt:alert(1)"}, ["episode.url"], lambda e: e.url is None),
    ({"url": "//youtu.be/" + VID}, ["episode.url"], lambda e: e.url is None),
    ({"url": "ftp://x/ep.mp3"}, ["episode.url"], lambda e: e.raw_url == "ftp://x/ep.mp3"),
    ({"title": "no url"}, ["episode.url"], lambda e: e.title == "no url"),
    ({"url": ""}, ["episode.url"], lambda e: e.url is None),
    ({"url": ["https://a.example", "b"]}, ["episode.url", "episode.url"], lambda e: e.url is None),
    ({"url": YT, "embed": "autoplay"}, ["episode.embed"], lambda e: e.embed == "link"),
    ({"url": YT, "embed": False}, ["episode.embed"], lambda e: e.embed == "link"),
    ({"url": YT, "embed": "CLICK"}, [], lambda e: e.embed == "click"),
    ({"url": YT, "embed": "none"}, [], lambda e: e.embed == "none"),
    ({"url": YT, "embed": ""}, [], lambda e: e.embed == "link"),
    (
        {"url": "https://example.com/ep.mp3", "embed": "click"},
        ["episode.embed"],
        lambda e: e.embed == "link",
    ),
    ({"url": "https://example.com/ep.mp3", "embed": "none"}, [], lambda e: e.embed == "none"),
    ({"url": YT, "start": "99:99"}, ["episode.start"], lambda e: e.start is None),
    ({"url": YT + "&t=30", "start": "99:99"}, ["episode.start"], lambda e: e.start is None),
    ({"url": YT + "&t=30", "start": "1:02:33"}, [], lambda e: e.start == 3753),
    ({"url": YT + "&t=30"}, [], lambda e: e.start == 30),
    ({"url": YT, "start": 3753}, [], lambda e: e.start == 3753),  # YAML 1.1 sexagesimal 1:02:33
    ({"url": YT, "start": True}, ["episode.start"], lambda e: e.start is None),
    ({"url": YT, "start": -1}, ["episode.start"], lambda e: e.start is None),
    ({"url": YT, "start": "9" * 5000}, ["episode.start"], lambda e: e.start is None),
    ({"url": YT, "start": ""}, [], lambda e: e.start is None),
    (
        {"url": YT, "duration": "x"},
        ["episode.duration"],
        lambda e: (e.duration, e.duration_text) == (None, "x"),
    ),
    (
        {"url": YT, "duration": "1:23:45"},
        [],
        lambda e: (e.duration, e.duration_text) == (5025, "1:23:45"),
    ),
    ({"url": YT, "duration": 5025}, [], lambda e: e.duration == 5025),
    ({"url": YT, "duration": "95m"}, [], lambda e: e.duration == 5700),
    ({"url": YT, "spotify": "ftp://x"}, ["episode.spotify"], lambda e: e.platforms == ()),
    ({"url": YT, "rss": "javascript:alert(1)"}, ["episode.rss"], lambda e: e.platforms == ()),
    ({"url": YT, "colour": "red"}, ["episode.colour"], lambda e: e.url == YT),
    ({"url": YT, "Guests": "A"}, ["episode.guests"], lambda e: e.guests == ()),
    (
        {"url": YT, "date": "2024-13-45"},
        ["episode.date"],
        lambda e: (e.date, e.date_text) == (None, "2024-13-45"),
    ),
    ({"url": YT, "date": "2024-05-15"}, [], lambda e: e.date == dt.date(2024, 5, 15)),
    ({"url": YT, "title": ["a", "b"]}, ["episode.title"], lambda e: e.title == "a, b"),
    (
        {"url": YT, "host": "H", "show": "S", "id": "E1"},
        [],
        lambda e: (e.host, e.show, e.id) == ("H", "S", "E1"),
    ),
]


@pytest.mark.parametrize(("episode", "problem_keys", "check"), EPISODE_CASES)
def test_episode_fields(episode, problem_keys, check):
    post, problems = post_from_metadata({"date": "2024-05-15", "episode": episode})
    assert keys(problems) == problem_keys
    assert post.episode is not None
    assert check(post.episode)


@pytest.mark.parametrize(("episode", "problem_keys", "check"), EPISODE_CASES)
def test_episode_fields_as_myst_json(episode, problem_keys, check):
    post, problems = post_from_metadata({"episode": json.dumps(episode)})
    assert keys(problems) == problem_keys
    assert check(post.episode)


def test_episode_as_a_bare_url():
    post, problems = post_from_metadata({"episode": f" https://youtu.be/{VID}?t=1m35s "})
    assert problems == []
    assert post.episode == Episode(
        url=f"https://youtu.be/{VID}?t=1m35s",
        raw_url=f"https://youtu.be/{VID}?t=1m35s",
        video_id=VID,
        start=95,
    )


def test_episode_problem_keys_are_not_prefixed_for_directives():
    episode, problems = episode_from_mapping({"url": "javascript:x", "embed": "big", "bogus": 1})
    assert sorted(keys(problems)) == ["bogus", "embed", "url"]
    assert episode.raw_url == "javascript:x"


def test_platforms_in_display_order():
    episode, problems = episode_from_mapping(
        {
            "url": YT,
            "website": "https://show.example",
            "rss": "https://show.example/feed.xml",
            "apple": " HTTPS://podcasts.apple.com/x ",
            "spotify": "https://open.spotify.com/episode/x",
        }
    )
    assert problems == []
    assert episode.platforms == (
        ("spotify", "https://open.spotify.com/episode/x"),
        ("apple", "https://podcasts.apple.com/x"),
        ("rss", "https://show.example/feed.xml"),
        ("website", "https://show.example"),
    )


@pytest.mark.parametrize(
    ("guest", "guests"),
    [
        ("Ada Lovelace", ("Ada Lovelace",)),
        ("Ada Lovelace, Alan Turing", ("Ada Lovelace", "Alan Turing")),
        (" Ada ,, Alan , Ada ", ("Ada", "Alan")),
        (["Ada", "Alan", "Ada", None, "  "], ("Ada", "Alan")),
        ('["Ada", "Alan"]', ("Ada", "Alan")),
        (None, ()),
        ("", ()),
    ],
)
def test_guests(guest, guests):
    episode, problems = episode_from_mapping({"url": YT, "guest": guest})
    assert (episode.guests, problems) == (guests, [])


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["Tech", "AI", "Tech", "Startups", "AI"], ("Tech", "AI", "Startups")),
        ("Tech, AI, Tech", ("Tech", "AI")),
        ('["AI", "Tech", "AI"]', ("AI", "Tech")),
        (" Tech ,, ,AI,", ("Tech", "AI")),
        (("a", 1, None), ("a", "1")),
        ("[not json, x]", ("[not json", "x]")),
        ([], ()),
        ("", ()),
        (None, ()),
    ],
)
def test_tags(tags, expected):
    post, problems = post_from_metadata({"tags": tags})
    assert (post.tags, problems) == (expected, [])


def test_split_list():
    assert split_list("b, a, b") == ("b", "a")
    assert split_list(None) == ()


def test_huge_values_are_clipped():
    huge = "x" * (MAX_TEXT * 3)
    post, problems = post_from_metadata(
        {
            "title": huge,
            "date": huge,
            "tags": [huge, huge + "y"],
            "description": huge,
            "episode": {"url": YT, "title": huge, "guest": huge, "duration": huge},
        }
    )
    assert keys(problems) == ["date", "episode.duration"]
    assert post.tags == ("x" * (MAX_TEXT - 1) + "…",)  # the clipped duplicates collapse
    texts = [post.title, post.date_text, post.description, post.episode.title, *post.episode.guests]
    assert {len(t) for t in [*texts, post.episode.duration_text]} == {MAX_TEXT}
    assert all(t.endswith("…") for t in texts)


@pytest.mark.parametrize("field", ["url", "spotify"])
def test_huge_urls_are_refused_not_cut(field):
    long_url = "https://example.com/?q=" + "a" * MAX_TEXT
    episode, problems = episode_from_mapping({"url": YT, field: long_url})
    assert keys(problems) == [field]
    assert "longer than" in problems[0].message
    assert len(episode.raw_url) <= MAX_TEXT
    assert episode.url in (None, YT)
    assert episode.platforms == ()


def test_deeply_nested_json_text_does_not_crash():
    post, problems = post_from_metadata({"tags": "[" * 100_000, "episode": "{" * 100_000})
    assert keys(problems) == ["episode.url"]
    assert len(post.tags[0]) == MAX_TEXT


def test_records_are_frozen():
    post, _ = post_from_metadata(SAMPLE_YAML)
    with pytest.raises(AttributeError):
        post.title = "x"  # type: ignore[misc]
    assert isinstance(post, Post)


# --------------------------------------------------------------------------- front matter


def load_front_matter(text):
    """The front matter's data and problems, as the extension reads them (``frontmatter.parse``)."""
    parsed = parse(text)
    return parsed.data, list(parsed.problems)


@pytest.mark.parametrize(
    ("text", "data", "problem_keys"),
    [
        ("# no front matter\n", None, []),
        ("", None, []),
        ("---\n---\nbody\n", {}, []),
        ("---\ntitle: T\ntags: [a, b]\n---\n", {"title": "T", "tags": ["a", "b"]}, []),
        ("---\r\ntitle: T\r\n---\r\n", {"title": "T"}, []),
        ("---\ndate: 2024-05-15\n---\n", {"date": dt.date(2024, 5, 15)}, []),
        ("---\ndate: 2024-13-45\n---\n", {"date": "2024-13-45"}, []),
        ("---\ndate: 0000-01-01\n---\n", {"date": "0000-01-01"}, []),
        ("---\nstart: 1:02:33\n---\n", {"start": 3753}, []),
        ("---\ntitle: A\ntitle: B\n---\n", {"title": "B"}, ["title"]),
        (
            "---\nb: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n---\n",
            {"b": {"x": 1, "y": 2}, "c": {"x": 1, "y": 3}},
            [],
        ),
        ("---\ntitle: [unclosed\n---\n", None, [""]),
        ("---\n- a\n- b\n---\n", None, [""]),
        ("---\ntitle: !!int abc\n---\n", None, [""]),
        ("---\ntitle: !!python/object:os.system x\n---\n", None, [""]),
        ("---\nx: " + "[" * 50_000 + "]" * 50_000 + "\n---\n", None, [""]),
    ],
)
def test_load_front_matter(text, data, problem_keys):
    loaded, problems = load_front_matter(text)
    assert (loaded, keys(problems)) == (data, problem_keys)


def test_duplicate_key_line():
    _, problems = load_front_matter("---\ntitle: A\ndate: 2024-01-01\ntitle: B\n---\n")
    assert [(p.key, p.line) for p in problems] == [("title", 4)]
    assert "duplicate key" in problems[0].message


def test_invalid_yaml_line():
    _, problems = load_front_matter("---\ntitle: ok\ntags: [a\n---\n")
    assert [(p.key, p.line) for p in problems] == [("", 4)]
    assert "not valid YAML (line 4)" in problems[0].message


@pytest.mark.parametrize(
    ("episode", "default", "embed", "problem_keys"),
    [
        ({"url": YT}, "click", "click", []),
        ({"url": YT}, "none", "none", []),
        ({"url": YT, "embed": "link"}, "click", "link", []),
        ({"url": "https://example.com/ep.mp3"}, "click", "link", []),  # quietly a link
        ({"url": "https://example.com/ep.mp3", "embed": "click"}, "click", "link", ["embed"]),
        ({"url": YT}, "bogus", "link", ["embed"]),
    ],
)
def test_default_embed(episode, default, embed, problem_keys):
    record, problems = episode_from_mapping(episode, default)
    assert (record.embed, keys(problems)) == (embed, problem_keys)


def test_default_embed_reaches_front_matter_episodes():
    post, problems = post_from_metadata({"episode": YT}, "click")
    assert (post.episode.embed, problems) == ("click", [])
    post, problems = post_from_metadata({"episode": {"url": YT, "embed": "none"}}, "click")
    assert (post.episode.embed, problems) == ("none", [])


def test_impossible_yaml_date_is_reported_with_its_text():
    data, problems = load_front_matter("---\ntitle: T\ndate: 2024-13-45\n---\n")
    post, post_problems = post_from_metadata(data)
    assert problems == []
    assert keys(post_problems) == ["date"]
    assert (post.date, post.date_text, post.is_post) == (None, "2024-13-45", True)


# --------------------------------------------------------------------------- never raises

scalars = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(),
    st.booleans(),
    st.sampled_from(
        ["https://youtu.be/" + VID, YT + "&t=1m", "javascript:x", "2024-05-15", "1:02:33", "[", "{"]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["url", "start", "embed", "guest", "date", "rss", "x"]),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=10,
)
field_names = st.one_of(st.sampled_from([*POST_FIELDS, "Title", " date "]), st.text(max_size=10))


@given(st.dictionaries(field_names, values, max_size=8))
def test_post_from_metadata_never_raises(metadata):
    post, problems = post_from_metadata(metadata)
    assert isinstance(post, Post)
    assert all(isinstance(p, Problem) for p in problems)


@given(st.dictionaries(field_names, values, max_size=8))
def test_post_from_metadata_never_raises_on_myst_text(metadata):
    text = {k: v if isinstance(v, str) else json.dumps(v) for k, v in metadata.items()}
    post, _ = post_from_metadata(text)
    assert isinstance(post, Post)


@given(st.text())
def test_load_front_matter_never_raises(body):
    data, problems = load_front_matter(f"---\n{body}\n---\n")
    assert data is None or isinstance(data, dict)
    assert all(isinstance(p, Problem) for p in problems)
