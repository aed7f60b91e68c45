"""Reading sources (``sphinx_podcast_ext.sources``): the lenient codec, front matter read once."""

from __future__ import annotations

from sphinx_podcast_ext.sources import LENIENT_CODEC, register_lenient_codec


def test_lenient_codec_replaces_undecodable_bytes() -> None:
    register_lenient_codec()
    assert b"\xef\xbb\xbfa\xed\xa0\x80b\xffc".decode(LENIENT_CODEC) == "a\ufffd\ufffd\ufffdb\ufffdc"
    assert "é".encode(LENIENT_CODEC).decode(LENIENT_CODEC) == "é"
