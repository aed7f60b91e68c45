"""media: URL safety, YouTube recognition and timestamps (pure functions)."""

from __future__ import annotations

import string
import unicodedata
from urllib.parse import urlsplit

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sphinx_podcast_ext.media import (
    AUDIO_EXTENSIONS,
    MAX_SECONDS,
    InvalidTimestamp,
    UnsafeURL,
    VideoLink,
    format_timestamp,
    is_audio_url,
    parse_duration,
    parse_timestamp,
    recognize_video,
    safe_url,
    url_at_time,
    youtube_embed_url,
)

VID = "dQw4w9WgXcQ"

# --------------------------------------------------------------------------- safe_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://example.com/ep/1", "https://example.com/ep/1"),
        ("http://example.com", "http://example.com"),
        ("HTTPS://example.com/x", "https://example.com/x"),
        ("HtTp://example.com/x?a=1#t=3", "http://example.com/x?a=1#t=3"),
        ("  https://example.com/x  ", "https://example.com/x"),
        ("\n\thttps://example.com/x\r\n", "https://example.com/x"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("https://[::1]/x", "https://[::1]/x"),
        ("https://www.youtube.com@evil.example/", "https://www.youtube.com@evil.example/"),
    ],
)
def test_safe_url_accepts_http_and_https(raw, expected):
    assert safe_url(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "  javascript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://example.com/file",
        "mailto:host@example.com",
        "file:///etc/passwd",
        "//example.com/x",
        "/relative/path",
        "relative/path",
        "example.com/x",
        "",
        "   ",
        "https://exa mple.com/",
        "https://example.com/a\nb",
        "https://example.com/a\tb",
        "https://example.com/a\x00b",
        "https://example.com/a\x7fb",
        "https://example.com/a\u00a0b",
        "https://example.com/a\u2028b",
        "http:///nohost",
        "https://",
        "https:",
        "http://user@/",
        "http://:80/",
        "http://[::1/",
        "http://example.com:notaport/",
        "http://example.com:99999/",
        "https://evil.example\\@www.youtube.com/watch?v=" + VID,
        "https:\\\\evil.example",
        "javascript&#58;alert(1)",
        "http&#58;//example.com",
    ],
)
def test_safe_url_rejects(raw):
    with pytest.raises(UnsafeURL):
        safe_url(raw)


@pytest.mark.parametrize("value", [None, 5, b"https://example.com", ["https://example.com"]])
def test_safe_url_rejects_non_text(value):
    with pytest.raises(UnsafeURL, match="expected a URL"):
        safe_url(value)


def test_unsafe_url_is_a_value_error():
    assert issubclass(UnsafeURL, ValueError)


@given(st.text())
@example("javascript:alert(1)")
@example("http://[")
@example("https://a\\@b")
@example("http://a:65536")
@example("HTTP://\uff21.com")
@example("http://a\u200b.com/\u202e")
def test_safe_url_never_fails_otherwise(text):
    try:
        result = safe_url(text)
    except UnsafeURL:
        return
    assert urlsplit(result).scheme in ("http", "https")
    assert urlsplit(result).hostname
    assert not any(c.isspace() or unicodedata.category(c) == "Cc" for c in result)


@given(
    scheme=st.sampled_from(["http", "https", "HTTP", "Https"]),
    host=st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\.[a-z]{2,6}){1,2}", fullmatch=True),
    path=st.text(string.ascii_letters + string.digits + "/-_.~%", max_size=30),
)
def test_safe_url_keeps_ordinary_urls(scheme, host, path):
    url = f"{scheme}://{host}/{path}"
    assert safe_url(url) == f"{scheme.lower()}://{host}/{path}"


# --------------------------------------------------------------------------- recognize_video


@pytest.mark.parametrize(
    ("url", "start"),
    [
        (f"https://www.youtube.com/watch?v={VID}", None),
        (f"https://youtube.com/watch?v={VID}&si=abc&t=95s", 95),
        (f"http://m.youtube.com/watch?feature=share&v={VID}", None),
        (f"https://youtu.be/{VID}?t=95", 95),
        (f"https://youtu.be/{VID}?si=xyz", None),
        (f"https://www.youtu.be/{VID}", None),
        (f"https://www.youtube.com/shorts/{VID}", None),
        (f"https://www.youtube.com/embed/{VID}?start=30", 30),
        (f"https://www.youtube.com/live/{VID}?si=abcdef", None),
        (f"https://www.youtube.com/v/{VID}", None),
        (f"https://music.youtube.com/watch?v={VID}&list=RD", None),
        (f"https://www.youtube-nocookie.com/embed/{VID}", None),
        (f"https://youtube-nocookie.com/embed/{VID}?start=7", 7),
        (f"https://www.youtube.com/watch?v={VID}&t=1h2m3s", 3723),
        (f"https://www.youtube.com/watch?v={VID}&t=1m35s", 95),
        (f"https://www.youtube.com/watch?v={VID}#t=95", 95),
        (f"https://www.youtube.com/watch?v={VID}&time_continue=12", 12),
        (f"https://www.youtube.com/watch?v={VID}&t=bogus", None),
        (f"https://WWW.YouTube.COM/watch?v={VID}", None),
        (f"https://www.youtube.com:443/watch?v={VID}", None),
        (f"  https://youtu.be/{VID}  ", None),
    ],
)
def test_recognize_youtube(url, start):
    link = recognize_video(url)
    assert link.video_id == VID
    assert link.is_youtube
    assert link.start == start
    assert link.url == safe_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXc",  # 10 characters
        "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",  # 12 characters
        "https://youtu.be/dQw4w9WgX!Q",
        "https://youtu.be/dQw4w9WgX%51",
        "https://www.youtube.com/watch?v=dQw4w9WgX.Q",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%0A",  # decoded trailing newline
        "https://www.youtube.com/watch?v=%0AdQw4w9WgXcQ",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/watch?list=PL123",
        "https://www.youtube.com/",
        "https://www.youtube.com/embed/",
        "https://www.youtube.com/channel/UCabcdefghijk",
        "https://www.youtube.com/@someone",
        "https://youtu.be/",
    ],
)
def test_invalid_youtube_ids_are_not_videos(url):
    link = recognize_video(url)
    assert link.video_id is None
    assert not link.is_youtube


@pytest.mark.parametrize(
    ("url", "host", "start"),
    [
        ("https://open.spotify.com/episode/x", "open.spotify.com", None),
        ("https://example.com/ep.mp3#t=30", "example.com", 30),
        ("https://example.com/ep.mp3#t=30,60", "example.com", 30),
        ("https://example.com/ep.mp3#t=1:02", "example.com", 62),
        ("https://example.com/ep.mp3#t=nope", "example.com", None),
        ("https://example.com/ep.mp3?t=30", "example.com", None),
        (
            f"https://www.youtube.com.evil.example/watch?v={VID}",
            "www.youtube.com.evil.example",
            None,
        ),
        (f"https://notyoutube.com/watch?v={VID}", "notyoutube.com", None),
        (f"https://youtube.co/watch?v={VID}", "youtube.co", None),
        (f"https://youtu.be.evil.example/{VID}", "youtu.be.evil.example", None),
        (f"https://www.youtube.com@evil.example/watch?v={VID}", "evil.example", None),
        (f"https://evil.example/?u=https://youtu.be/{VID}", "evil.example", None),
    ],
)
def test_other_hosts(url, host, start):
    link = recognize_video(url)
    assert (link.host, link.video_id, link.start) == (host, None, start)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "", "//youtu.be/" + VID, None])
def test_recognize_video_rejects_unsafe(url):
    with pytest.raises(UnsafeURL):
        recognize_video(url)


def test_recognize_video_survives_huge_start():
    link = recognize_video(f"https://youtu.be/{VID}?t=" + "9" * 5000)
    assert (link.video_id, link.start) == (VID, None)


YOUTUBE_TEMPLATES = [
    "https://www.youtube.com/watch?v={id}",
    "https://youtube.com/watch?v={id}&si=abc&t=95s",
    "http://m.youtube.com/watch?feature=share&v={id}",
    "https://youtu.be/{id}?t=95",
    "https://youtu.be/{id}?si=xyz",
    "https://www.youtube.com/shorts/{id}",
    "https://www.youtube.com/embed/{id}?start=30",
    "https://www.youtube.com/live/{id}?si=abc",
    "https://music.youtube.com/watch?v={id}",
    "https://www.youtube-nocookie.com/embed/{id}",
    "https://www.youtube.com/watch?v={id}&t=1h2m3s",
    "https://www.youtube.com/watch?v={id}#t=95",
]
video_ids = st.text(string.ascii_letters + string.digits + "-_", min_size=11, max_size=11)


@given(video_id=video_ids, template=st.sampled_from(YOUTUBE_TEMPLATES))
def test_any_valid_id_is_recognized(video_id, template):
    link = recognize_video(template.format(id=video_id))
    assert link.video_id == video_id


@given(st.text())
def test_recognize_video_raises_only_unsafe_url(text):
    try:
        link = recognize_video(text)
    except UnsafeURL:
        return
    assert isinstance(link, VideoLink)
    assert link.start is None or 0 <= link.start <= MAX_SECONDS


# --------------------------------------------------------------------------- timestamps


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1:02:33", 3753),
        ("01:02:33", 3753),
        ("12:34", 754),
        ("0:05", 5),
        ("00:05", 5),
        ("75:30", 4530),
        ("95", 95),
        ("0", 0),
        ("95s", 95),
        ("95S", 95),
        ("1h2m33s", 3753),
        ("1H2M33S", 3753),
        ("2m", 120),
        ("1h", 3600),
        ("1m35s", 95),
        (" 1:02:33 ", 3753),
        ("100:00:00", MAX_SECONDS),
        (95, 95),
        (0, 0),
        (MAX_SECONDS, MAX_SECONDS),
    ],
)
def test_parse_timestamp(text, seconds):
    assert parse_timestamp(text) == seconds


@pytest.mark.parametrize(
    "text",
    [
        "99:99",
        "1:60",
        "1:60:00",
        "1:00:60",
        "1:2:03",
        "1:002:03",
        "1:2",
        ":30",
        "1:",
        "abc",
        "",
        "   ",
        "-5",
        -5,
        "1:02:03:04",
        "1.5",
        "h",
        "s",
        "1x",
        "1s2m",
        str(MAX_SECONDS + 1),
        MAX_SECONDS + 1,
        10**100,
        "9" * 5000,
        "1:" + "0" * 5000 + ":00",
        True,
        False,
        None,
        1.5,
    ],
)
def test_invalid_timestamps(text):
    with pytest.raises(InvalidTimestamp):
        parse_timestamp(text)


def test_invalid_timestamp_is_a_value_error():
    assert issubclass(InvalidTimestamp, ValueError)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (5, "0:05"), (95, "1:35"), (3599, "59:59"), (3600, "1:00:00"), (3753, "1:02:33")],
)
def test_format_timestamp(seconds, text):
    assert format_timestamp(seconds) == text


@given(st.integers(min_value=0, max_value=MAX_SECONDS))
def test_timestamp_round_trip(seconds):
    assert parse_timestamp(format_timestamp(seconds)) == seconds


@given(st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.floats()))
def test_parse_timestamp_raises_only_invalid_timestamp(value):
    try:
        seconds = parse_timestamp(value)
    except InvalidTimestamp:
        return
    assert 0 <= seconds <= MAX_SECONDS


@pytest.mark.parametrize(("text", "seconds"), [("1:23:45", 5025), ("83:20", 5000), ("95m", 5700)])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


# --------------------------------------------------------------------------- url_at_time


@pytest.mark.parametrize(
    ("url", "seconds", "expected"),
    [
        (f"https://youtu.be/{VID}?t=5", 95, f"https://www.youtube.com/watch?v={VID}&t=95s"),
        (f"https://www.youtube.com/shorts/{VID}", 3, f"https://www.youtube.com/watch?v={VID}&t=3s"),
        (f"https://youtu.be/{VID}?t=5", None, f"https://www.youtube.com/watch?v={VID}"),
        (f"https://youtu.be/{VID}?t=5", 0, f"https://www.youtube.com/watch?v={VID}"),
        ("https://example.com/ep.mp3", 30, "https://example.com/ep.mp3#t=30"),
        ("https://example.com/ep.mp3#t=5", 30, "https://example.com/ep.mp3#t=30"),
        ("https://example.com/ep?x=1#chapter", 30, "https://example.com/ep?x=1#t=30"),
        ("https://example.com/ep.mp3#t=5", None, "https://example.com/ep.mp3#t=5"),
        ("https://example.com/ep.mp3", 0, "https://example.com/ep.mp3"),
    ],
)
def test_url_at_time(url, seconds, expected):
    assert url_at_time(recognize_video(url), seconds) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (None, f"https://www.youtube-nocookie.com/embed/{VID}?autoplay=1"),
        (0, f"https://www.youtube-nocookie.com/embed/{VID}?autoplay=1"),
        (30, f"https://www.youtube-nocookie.com/embed/{VID}?autoplay=1&start=30"),
    ],
)
def test_youtube_embed_url(start, expected):
    assert youtube_embed_url(VID, start) == expected


# -- audio files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/podcast/ep42.mp3",
        "https://cdn.example.com/a/b/EP1.M4A",
        "https://example.com/ep.aac?download=1",
        "https://example.com/ep.ogg#t=30",
        "https://example.com/ep.oga",
        "https://example.com/ep.opus",
        "http://example.com/ep.wav",
        "https://example.com/ep.flac",
    ],
)
def test_audio_urls_by_path(url):
    assert is_audio_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://open.spotify.com/episode/abc",
        "https://podcasts.apple.com/podcast/id1",
        "https://www.buzzsprout.com/123/456",
        "https://example.com/play?file=ep1.mp3",
        "https://example.com/episodes/mp3",
        "https://example.com/.mp3",
        "https://example.com/ep.mp3.html",
        "https://www.youtube.com/watch?v=Wo95ob_s_NI",
        "javascript:alert('x.mp3')",
        "//example.com/ep.mp3",
        "",
    ],
)
def test_not_audio(url):
    assert not is_audio_url(url)


@given(
    st.sampled_from(sorted(AUDIO_EXTENSIONS)),
    st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=20),
    st.text(alphabet=string.ascii_letters + string.digits + "=&", max_size=20),
)
def test_any_audio_extension_is_audio_whatever_the_query(extension, name, query):
    url = f"https://example.com/media/{name}{extension.upper()}"
    assert is_audio_url(url + (f"?{query}" if query else ""))
    # The extension only counts at the end of the path, never in the query.
    assert not is_audio_url(f"https://example.com/player?file={name}{extension}")


@given(st.text(max_size=60))
def test_is_audio_url_never_raises(text):
    assert is_audio_url(text) in (True, False)
