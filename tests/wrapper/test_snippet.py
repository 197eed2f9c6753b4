"""The excerpt of a body an error message quotes: where it is cut, and a key at the cut.

``snippet`` decodes at most 800 characters (plus the key's length, so that a
key just past them is still seen whole and redacted), collapses whitespace,
and keeps 200 characters. These values are checked at their edges.
"""

from __future__ import annotations

from pinecone_backups._exceptions import snippet

KEY = "pcsk_0123456789abcdef"  # 21 characters: long enough to be redacted anywhere
SOURCE = 800 + len(KEY)
"""Characters of the body decoded when the key is ``KEY``."""


def spaced(length: int) -> str:
    """``a``, spaces, ``z``: ``length`` characters that collapse to ``a z``."""
    return "a" + " " * (length - 2) + "z"


def test_a_body_up_to_the_source_length_is_quoted_whole() -> None:
    assert snippet(spaced(SOURCE - 1), KEY) == "a z"
    assert snippet(spaced(SOURCE), KEY) == "a z"
    assert snippet(spaced(SOURCE).encode(), KEY) == "a z"


def test_a_longer_body_loses_the_keys_length_from_its_end() -> None:
    assert snippet(spaced(SOURCE + 1), KEY) == "a"  # the last len(KEY) characters dropped


def test_a_key_cut_at_the_end_of_the_source_never_shows_in_part() -> None:
    body = " " * (SOURCE - 6) + KEY  # only the key's first 6 characters are within reach
    assert snippet(body, KEY) == ""
    assert snippet(body.encode(), KEY) == ""


def test_a_whole_key_is_redacted_and_bytes_are_decoded_as_utf_8() -> None:
    body = f"caf\u00e9 {KEY} end".encode()
    assert snippet(body, KEY) == "caf\u00e9 *** end"
    assert snippet(b"bad \xff byte", KEY) == "bad \ufffd byte"


def test_no_key_redacts_nothing() -> None:
    assert snippet("XXXX pcsk", "") == "XXXX pcsk"


def test_the_excerpt_keeps_200_characters_then_an_ellipsis() -> None:
    assert snippet("b" * 200, KEY) == "b" * 200
    assert snippet("b" * 201, KEY) == "b" * 200 + "\u2026"


def test_a_key_of_the_minimum_length_is_redacted_inside_text_and_a_shorter_one_is_not() -> None:
    # MIN_REDACTED_KEY_LENGTH is 8: shorter keys are redacted only when they are the whole text.
    assert snippet("said abcdefgh twice: abcdefgh", "abcdefgh") == "said *** twice: ***"
    assert snippet("said abcdefg once", "abcdefg") == "said abcdefg once"
    assert snippet("abcdefg", "abcdefg") == "***"
