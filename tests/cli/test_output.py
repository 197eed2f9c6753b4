"""What ``list`` and ``describe`` print: the table, escaping, JSON, JSONL, hints, progress."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from datetime import datetime

import pytest

from pinecone_backups.testing import FakePinecone
from tests.cli.conftest import INDEX, TtyIO, run_cli, stored

HEADER = ["BACKUP ID", "NAME", "STATUS", "CREATED", "RECORDS", "SIZE"]


def columns(header: str) -> list[int]:
    return [header.index(name) for name in HEADER]


# --- the table ----------------------------------------------------------------------------


def test_list_prints_a_header_and_one_aligned_row_per_backup(keyed: FakePinecone) -> None:
    keyed.add_backup(INDEX, name="a", status="Ready", record_count=5, size_bytes=512)
    keyed.add_backup(INDEX, name="a-much-longer-name", status="InitializationFailed")
    keyed.add_backup(INDEX, name=None, record_count=None, size_bytes=3 * 1024**3)
    status, out, err = run_cli("--base-url", keyed.base_url, "list", INDEX)
    assert status == 0, err
    header, *rows = out.splitlines()
    assert re.split(r" {2,}", header) == HEADER
    starts = columns(header)
    for line, wire in zip(rows, stored(keyed), strict=True):
        assert line.startswith(str(wire["backup_id"]) + "  ")
        for start in starts[1:4]:  # left-aligned: each cell starts under its header
            assert line[start] != " ", (line, start)
            assert line[start - 1] == " ", (line, start)
    # RECORDS and SIZE are right-aligned: every line ends in the same column.
    assert len({len(line) for line in [header, *rows]}) == 1
    assert rows[0].split()[-3:] == ["5", "512", "B"]
    assert re.split(r" {2,}", rows[2])[1] == "-"
    assert rows[2].endswith("3.0 GiB")
    assert "InitializationFailed" in rows[1]


def test_created_shows_the_instant_in_utc(keyed: FakePinecone) -> None:
    keyed.add_backup(INDEX, created_at="2024-03-15 12:30:00+02:00", name="nightly")
    status, out, _ = run_cli("--base-url", keyed.base_url, "list", INDEX)
    assert status == 0
    cells = re.split(r" {2,}", out.splitlines()[1])
    assert cells[1] == "nightly"
    assert datetime.fromisoformat(cells[3]) == datetime.fromisoformat("2024-03-15T10:30:00Z")


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("two\nlines", "two\\nlines"),
        ("tab\there", "tab\\there"),
        ("cr\rback", "cr\\rback"),
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("c1\x9b31m", "c1\\x9b31m"),
        ("bidi\u202eevil", "bidi\\u202eevil"),
        ("line\u2028sep", "line\\u2028sep"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("back\\nslash", "back\\\\nslash"),
        ("lone\ud800surrogate", "lone\\ud800surrogate"),
        ("tag\U000e0001one", "tag\\U000e0001one"),  # not \ue0001, which reads as U+E000 "1"
    ],
)
def test_a_name_cannot_forge_rows_or_drive_the_terminal(
    keyed: FakePinecone, name: str, escaped: str
) -> None:
    keyed.add_backup(INDEX, name=name)
    status, out, _ = run_cli("--base-url", keyed.base_url, "list", INDEX)
    assert status == 0
    lines = out.split("\n")
    assert len(lines) == 3
    assert lines[2] == ""
    assert re.split(r" {2,}", lines[1])[1] == escaped
    assert not any(ch in out for ch in "\t\r\x1b\x9b\u202e\u2028\u200b\ud800")


def test_describe_text_escapes_keys_and_values(keyed: FakePinecone) -> None:
    wire = keyed.add_backup(INDEX, name="x\ny: forged", **{"odd\x1bkey": "v\u202e"})
    status, out, _ = run_cli("--base-url", keyed.base_url, "describe", str(wire["backup_id"]))
    assert status == 0
    lines = out.splitlines()
    assert "name: x\\ny: forged" in lines
    assert "odd\\x1bkey: v\\u202e" in lines
    assert "y: forged" not in lines
    assert f"backup_id: {wire['backup_id']}" in lines


def test_an_empty_index_prints_nothing_on_stdout_and_says_so_on_stderr(
    keyed: FakePinecone,
) -> None:
    keyed.add_index(INDEX)
    for extra in ([], ["--all"], ["--jsonl"]):
        status, out, err = run_cli("--base-url", keyed.base_url, "list", INDEX, *extra)
        assert (status, out) == (0, ""), extra
        assert "no backups" in err


def test_a_next_page_is_hinted_on_stderr_and_the_hint_continues_the_listing(
    keyed: FakePinecone,
) -> None:
    keyed.seed(INDEX, 12)
    status, out, err = run_cli("--base-url", keyed.base_url, "list", INDEX, "--limit", "5")
    assert status == 0
    hint = re.fullmatch(r"more: --pagination-token (\S+)\n", err)
    assert hint is not None, err
    wires = stored(keyed)
    assert [line.split()[0] for line in out.splitlines()[1:]] == [w["backup_id"] for w in wires[:5]]
    assert keyed.requests[-1].query == {"limit": ["5"]}

    status, out, err = run_cli(
        "--base-url", keyed.base_url, "list", INDEX, "--pagination-token", hint.group(1)
    )
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()[1:]] == [
        w["backup_id"] for w in wires[5:10]
    ]
    assert keyed.requests[-1].query == {"paginationToken": [hint.group(1)]}


def test_the_last_page_has_no_hint(keyed: FakePinecone) -> None:
    keyed.seed(INDEX, 3)
    status, out, err = run_cli("--base-url", keyed.base_url, "list", INDEX, "--limit", "5")
    assert (status, err) == (0, "")
    assert len(out.splitlines()) == 1 + 3


def test_all_walks_every_page_into_one_table(keyed: FakePinecone) -> None:
    keyed.seed(INDEX, 230)
    status, out, err = run_cli("--base-url", keyed.base_url, "list", INDEX, "--all")
    assert (status, err) == (0, "")  # stderr is not a terminal: no progress line
    header, *rows = out.splitlines()
    assert header.startswith("BACKUP ID")
    assert [r.split()[0] for r in rows] == [w["backup_id"] for w in stored(keyed)]
    assert len(keyed.requests) == 3


# --- JSON ---------------------------------------------------------------------------------


def test_list_json_is_one_document_with_the_next_token(keyed: FakePinecone) -> None:
    keyed.seed(INDEX, 12)
    status, out, err = run_cli(
        "--base-url", keyed.base_url, "list", INDEX, "--limit", "5", "--json"
    )
    assert status == 0
    document = json.loads(out)
    assert document["backups"] == stored(keyed)[:5]
    assert document["next_token"]
    assert f"more: --pagination-token {document['next_token']}" in err
    # `python -m json.tool` accepts it, as a shell pipeline would use it.
    tool = subprocess.run(
        [sys.executable, "-m", "json.tool"], input=out, text=True, capture_output=True, timeout=30
    )
    assert tool.returncode == 0, tool.stderr


def test_list_all_json_is_one_document_of_every_backup(keyed: FakePinecone) -> None:
    keyed.seed(INDEX, 130)
    keyed.add_backup(INDEX, tags=None, future_field={"x": 1})
    status, out, _ = run_cli("--base-url", keyed.base_url, "list", INDEX, "--all", "--json")
    assert status == 0
    assert json.loads(out) == {"backups": stored(keyed), "next_token": None}


def test_an_empty_json_listing_is_still_a_document(keyed: FakePinecone) -> None:
    keyed.add_index(INDEX)
    status, out, _ = run_cli("--base-url", keyed.base_url, "list", INDEX, "--json")
    assert status == 0
    assert json.loads(out) == {"backups": [], "next_token": None}


def test_jsonl_prints_one_backup_per_line(keyed: FakePinecone) -> None:
    keyed.seed(INDEX, 230)
    status, out, err = run_cli("--base-url", keyed.base_url, "list", INDEX, "--all", "--jsonl")
    assert (status, err) == (0, "")
    assert [json.loads(line) for line in out.splitlines()] == stored(keyed)
    assert len(keyed.requests) == math.ceil(230 / 100)


def test_json_and_jsonl_together_are_a_usage_error(keyed: FakePinecone) -> None:
    status, out, err = run_cli("--base-url", keyed.base_url, "list", INDEX, "--json", "--jsonl")
    assert (status, out) == (2, "")
    assert "not allowed with" in err
    assert keyed.requests == []


def test_describe_json_prints_the_backup_as_the_server_sent_it(keyed: FakePinecone) -> None:
    wire = keyed.add_backup(INDEX, description=None, unknown={"kept": True})
    status, out, _ = run_cli(
        "--base-url", keyed.base_url, "describe", str(wire["backup_id"]), "--json"
    )
    assert status == 0
    assert json.loads(out) == wire
    assert keyed.requests[-1].path == f"/backups/{wire['backup_id']}"


@pytest.mark.parametrize(
    "argv",
    [
        ["list", INDEX, "--json"],
        ["list", INDEX, "--all", "--json"],
        ["list", INDEX, "--jsonl"],
        ["describe", "bk-nan", "--json"],
    ],
)
@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_nan_or_infinity_is_refused_not_printed_as_invalid_json(
    keyed: FakePinecone, argv: list[str], number: float
) -> None:
    keyed.add_backup(INDEX, backup_id="bk-nan", score=number)
    status, out, err = run_cli("--base-url", keyed.base_url, *argv)
    assert status == 1
    assert out == ""
    assert err.startswith("error: ")
    assert "JSON" in err
    assert len(err.splitlines()) == 1


def test_lone_surrogates_come_out_as_valid_ascii_json(keyed: FakePinecone) -> None:
    wire = keyed.add_backup(INDEX, name="a\ud800b", description="caf\u00e9 \u202e")
    for argv in (["list", INDEX, "--json"], ["describe", str(wire["backup_id"]), "--json"]):
        status, out, _ = run_cli("--base-url", keyed.base_url, *argv)
        assert status == 0
        assert out.isascii()
        out.encode("utf-8")  # nothing a UTF-8 stdout would choke on
        assert "a\\ud800b" in out
        decoded = json.loads(out)
        backup = decoded["backups"][0] if "backups" in decoded else decoded
        assert backup["name"] == "a\ud800b"
        assert backup["description"] == "caf\u00e9 \u202e"


# --- progress during --all ------------------------------------------------------------------


def test_all_shows_a_progress_line_on_a_terminal_and_erases_it(keyed: FakePinecone) -> None:
    keyed.seed(INDEX, 250)
    tty = TtyIO()
    status, out, err = run_cli("--base-url", keyed.base_url, "list", INDEX, "--all", err=tty)
    assert status == 0
    assert "250 backups in 3 pages" in err
    assert err.endswith("\r\x1b[K")  # erased at the end
    assert "\x1b" not in out
    assert "listing" not in out
    assert len(out.splitlines()) == 1 + 250


def test_all_shows_no_progress_line_when_stderr_is_not_a_terminal(keyed: FakePinecone) -> None:
    keyed.seed(INDEX, 250)
    status, _, err = run_cli("--base-url", keyed.base_url, "list", INDEX, "--all", "--jsonl")
    assert (status, err) == (0, "")


def test_all_resumed_from_a_token_sends_the_token_alone_and_misses_nothing(
    keyed: FakePinecone,
) -> None:
    keyed.seed(INDEX, 23)
    status, _, err = run_cli("--base-url", keyed.base_url, "list", INDEX, "--limit", "5")
    assert status == 0
    token = err.split("--pagination-token ")[1].strip()
    status, out, _ = run_cli(
        "--base-url", keyed.base_url, "list", INDEX, "--all", "--pagination-token", token, "--jsonl"
    )
    assert status == 0
    assert [json.loads(line) for line in out.splitlines()] == stored(keyed)[5:]
    assert all("limit" not in r.query for r in keyed.requests[1:])
