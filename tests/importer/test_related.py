"""Footers linking related posts, and their resolution."""

from __future__ import annotations

import pytest

from sphinx_podcast_ext.importer.related import RelatedLink, Resolver, parse_related, target_slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "**Read another blog about [Bastian Lehmann: How | E1137]"
            "(./20240408-bastilehmann-20vcwithharrystebbings)**",
            RelatedLink(
                "Bastian Lehmann: How | E1137", "20240408-bastilehmann-20vcwithharrystebbings", 9
            ),
        ),
        ("Read another blog about [T](../blog/t-slug.html).", RelatedLink("T", "t-slug", 9)),
        ("Read more: [Title [x]](/posts/abc/)", RelatedLink("Title [x]", "abc", 9)),
        ("Related: [A \\*B\\*](a.md#part)", RelatedLink("A *B*", "a", 9)),
        ("*See also* [X](<./x y>)", RelatedLink("X", "x y", 9)),
    ],
)
def test_parse_related(text: str, expected: RelatedLink) -> None:
    assert parse_related(text, 9) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Read another blog about [External](https://example.com/post)",
        "Read another blog about [A](./a) and [B](./b)",
        "A sentence that links [a post](./a-post) in passing.",
        "Read another blog about [Dot](./)",
        "[Watch](https://youtu.be/dQw4w9WgXcQ)",
    ],
)
def test_not_related(text: str) -> None:
    assert parse_related(text, 1) is None


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("./a", "a"),
        ("a.md", "a"),
        ("/x/y/z/", "z"),
        ("../b.html?x=1", "b"),
        ("http://e.com/a", None),
    ],
)
def test_target_slug(url: str, slug: str | None) -> None:
    assert target_slug(url) == slug


def test_resolver_by_slug_then_title() -> None:
    resolver = Resolver(
        [
            (("000_old", "000_old"), "20240101-new", "First Title"),
            (("custom",), "custom", "Second  Title"),
            (("x",), "20240102-dupe", "First Title"),
        ]
    )
    assert resolver.resolve(RelatedLink("whatever", "000_OLD", 1)) == "20240101-new"
    assert resolver.resolve(RelatedLink("whatever", "custom", 1)) == "custom"
    assert resolver.resolve(RelatedLink("Second Title", "unknown", 1)) == "custom"
    assert resolver.resolve(RelatedLink("First Title", "unknown", 1)) == "20240101-new"
    assert resolver.resolve(RelatedLink("Other", "unknown", 1)) is None
