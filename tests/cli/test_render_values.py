"""Exact values of the CLI's renderers: sizes, JSON text, table rows."""

from __future__ import annotations

import io
import json
import math
from types import SimpleNamespace
from typing import Any

import pytest

from pinecone_backups._cli import _render
from pinecone_backups._cli._render import (
    Table,
    UnrepresentableError,
    display_width,
    human_size,
    to_json,
)

KIB = 1024


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (None, "-"),
        (0, "0 B"),
        (1023, "1023 B"),
        (KIB, "1.0 KiB"),
        (1536, "1.5 KiB"),
        (1000 * KIB, "1000.0 KiB"),
        (KIB**2, "1.0 MiB"),
        (5 * KIB**2 + KIB**2 // 2, "5.5 MiB"),
        (KIB**3, "1.0 GiB"),
        (KIB**4, "1.0 TiB"),
        (3 * KIB**4, "3.0 TiB"),
        (KIB**5, "1.0 PiB"),
        (KIB**6, "1024.0 PiB"),
        (-2 * KIB, "-2.0 KiB"),
    ],
)
def test_human_size_uses_binary_units_with_one_decimal(size: int | None, shown: str) -> None:
    assert human_size(size) == shown


def test_to_json_indents_by_two_spaces_and_escapes_non_ascii() -> None:
    assert to_json({"a": [1, "\u00e9"]}) == '{\n  "a": [\n    1,\n    "\\u00e9"\n  ]\n}'


def test_to_json_on_one_line_when_asked() -> None:
    assert to_json({"a": [1, 2]}, indent=None) == '{"a": [1, 2]}'


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_to_json_refuses_nan_and_infinity_with_jsons_own_reason(number: float) -> None:
    with pytest.raises(ValueError, match="not JSON compliant") as json_says:
        json.dumps({"score": number}, indent=2, allow_nan=False)
    with pytest.raises(UnrepresentableError) as refused:
        to_json({"score": number})
    assert str(refused.value) == str(json_says.value)


def _nested(depth: int) -> object:
    value: object = 0
    for _ in range(depth):
        value = [value]
    return value


def test_a_value_too_deep_for_any_encoder_is_refused_with_its_reason() -> None:
    with pytest.raises(UnrepresentableError) as refused:
        to_json(_nested(100_000))
    assert str(refused.value) == "the value is nested too deeply to print"


def _indent_runs_out_of_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``_render``'s json.dumps fail as Python's indenting encoder does on deep values.

    Where the indented (pure Python) encoder gives up on a value the one-line
    C encoder still handles depends on the Python version; this makes it happen
    on every value.
    """

    def dumps(value: object, **options: Any) -> str:
        if options.get("indent") is not None:
            raise RecursionError("maximum recursion depth exceeded")
        return json.dumps(value, **options)

    monkeypatch.setattr(_render, "json", SimpleNamespace(dumps=dumps))


def test_too_deep_to_indent_falls_back_to_the_same_json_on_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _indent_runs_out_of_stack(monkeypatch)
    assert to_json({"a": [1, {"b": None}]}) == '{"a": [1, {"b": null}]}'


def test_the_one_line_fallback_still_escapes_non_ascii(monkeypatch: pytest.MonkeyPatch) -> None:
    _indent_runs_out_of_stack(monkeypatch)
    assert to_json(["caf\u00e9", "a\ud800b"]) == '["caf\\u00e9", "a\\ud800b"]'


def test_the_one_line_fallback_still_refuses_nan(monkeypatch: pytest.MonkeyPatch) -> None:
    _indent_runs_out_of_stack(monkeypatch)
    with pytest.raises(UnrepresentableError):
        to_json([math.nan])


def test_a_table_row_must_have_one_cell_per_header() -> None:
    out = io.StringIO()
    with pytest.raises(ValueError, match="zip"):
        Table(out).print_rows([("id", "name", "Ready", "-", "-")])
    assert out.getvalue() == ""


def test_table_columns_count_wide_characters_twice_and_combining_marks_not_at_all() -> None:
    out = io.StringIO()
    rest = ("Ready", "-", "7", "10 B")
    wide, fullwidth, combining = "\u65e5\u672c\u8a9e", "\uff21\uff22", "e\u0301x"
    Table(out).print_rows([("bk-0", wide, *rest), ("bk-1", fullwidth, *rest)])
    Table(out).print_rows([("bk-2", combining, *rest)])
    assert out.getvalue().splitlines() == [
        "BACKUP ID  NAME    STATUS  CREATED  RECORDS  SIZE",
        f"bk-0       {wide}  Ready   -              7  10 B",
        f"bk-1       {fullwidth}    Ready   -              7  10 B",
        "BACKUP ID  NAME  STATUS  CREATED  RECORDS  SIZE",
        f"bk-2       {combining}    Ready   -              7  10 B",
    ]


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("", 0),
        ("bk-0", 4),
        ("\u65e5\u672c", 4),  # wide
        ("\uff21", 2),  # fullwidth
        ("e\u0301", 1),  # a combining mark takes no column
        ("\u0301", 0),
    ],
)
def test_display_width_counts_terminal_columns(text: str, columns: int) -> None:
    assert display_width(text) == columns
