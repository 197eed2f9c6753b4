"""The exact text of ``describe``, ``list`` and ``wait``: every line, every stderr message."""

from __future__ import annotations

import io
import logging
import os
import time
from collections.abc import Iterator

import pytest

from pinecone_backups import _cli
from pinecone_backups import _config as C
from pinecone_backups.testing import FakePinecone
from pinecone_backups.testing._data import encode_token
from tests.cli.conftest import INDEX, TtyIO, run_cli

ERASE = "\r\x1b[K"


@pytest.fixture
def local_time_is_not_utc() -> Iterator[None]:
    """The process's local time zone is UTC+05:30 (a POSIX TZ rule: no tz database needed)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "IST-05:30"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_describe_prints_every_field_as_key_value_lines(keyed: FakePinecone) -> None:
    keyed.add_backup(
        INDEX,
        backup_id="bk-1",
        source_index_id="src-1",
        name=None,
        record_count=None,
        size_bytes=1536,
        tags={"env": "prod", "n": [1, 2]},
        created_at="2024-03-15T12:30:00.250+02:00",
    )
    status, out, err = run_cli("--base-url", keyed.base_url, "describe", "bk-1")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "backup_id: bk-1",
        f"source_index_name: {INDEX}",
        "source_index_id: src-1",
        "status: Ready",
        "cloud: aws",
        "region: us-east-1",
        f"description: Backup of {INDEX}",
        "dimension: 1024",
        "metric: cosine",
        "namespace_count: 3",
        "size_bytes: 1536",
        "created_at: 2024-03-15T12:30:00.250000+02:00",
        "name: null",
        "record_count: null",
        'tags: {"env": "prod", "n": [1, 2]}',
    ]


def test_the_table_shows_created_in_utc_whatever_the_local_time_zone(
    keyed: FakePinecone, local_time_is_not_utc: None
) -> None:
    keyed.add_backup(
        INDEX,
        backup_id="bk-1",
        name="nightly",
        status="Ready",
        created_at="2024-03-15T12:30:00+02:00",
        record_count=None,
        size_bytes=1536,
    )
    status, out, err = run_cli("--base-url", keyed.base_url, "list", INDEX)
    assert (status, err) == (0, "")
    assert out == (
        "BACKUP ID  NAME     STATUS  CREATED               RECORDS     SIZE\n"
        "bk-1       nightly  Ready   2024-03-15T10:30:00Z        -  1.5 KiB\n"
    )


def test_an_empty_index_is_named_on_stderr(keyed: FakePinecone) -> None:
    keyed.add_index(INDEX)
    status, out, err = run_cli("--base-url", keyed.base_url, "list", INDEX)
    assert (status, out, err) == (0, "", f"no backups in {INDEX}\n")


def test_an_empty_page_of_a_token_says_so_on_stderr(keyed: FakePinecone) -> None:
    keyed.seed(INDEX, 3)
    past_the_end = encode_token(INDEX, page=5, size=5)
    status, out, err = run_cli(
        "--base-url", keyed.base_url, "list", INDEX, "--pagination-token", past_the_end
    )
    assert (status, out, err) == (0, "", "no backups on this page\n")


def test_an_empty_json_listing_says_nothing_on_stderr(keyed: FakePinecone) -> None:
    keyed.add_index(INDEX)
    for extra in ([], ["--all"]):
        status, out, err = run_cli("--base-url", keyed.base_url, "list", INDEX, "--json", *extra)
        assert (status, out, err) == (0, '{\n  "backups": [],\n  "next_token": null\n}\n', "")


def test_all_with_limit_asks_for_that_page_size(keyed: FakePinecone) -> None:
    keyed.seed(INDEX, 12)
    status, out, err = run_cli(
        "--base-url", keyed.base_url, "list", INDEX, "--all", "--limit", "5", "--jsonl"
    )
    assert (status, err) == (0, "")
    assert len(out.splitlines()) == 12
    assert len(keyed.requests) == 3
    assert keyed.requests[0].query == {"limit": ["5"]}


def test_the_progress_line_counts_backups_and_pages_and_is_erased(keyed: FakePinecone) -> None:
    keyed.seed("idx\tx", 150)
    tty = TtyIO()
    status, _, err = run_cli("--base-url", keyed.base_url, "list", "idx\tx", "--all", err=tty)
    assert status == 0
    assert err == (
        f"{ERASE}listing idx\\tx: 100 backups in 1 pages..."
        f"{ERASE}{ERASE}listing idx\\tx: 150 backups in 2 pages..."
        f"{ERASE}"
    )


def test_the_progress_line_is_erased_once_when_printing_a_page_fails(
    keyed: FakePinecone,
) -> None:
    keyed.seed(INDEX, 100)
    keyed.add_backup(INDEX, score=float("nan"))
    tty = TtyIO()
    status, out, err = run_cli(
        "--base-url", keyed.base_url, "list", INDEX, "--all", "--jsonl", err=tty
    )
    assert status == 1
    assert len(out.splitlines()) == 100
    first, _, error = err.rpartition(ERASE)
    assert first == f"{ERASE}listing {INDEX}: 100 backups in 1 pages..."
    assert error.startswith("error: the answer holds a number JSON cannot represent")


def test_wait_pauses_by_the_poll_interval_given(keyed: FakePinecone) -> None:
    # A first pause far longer than the timeout ends the wait after one poll;
    # the default pause (1 s) would poll a second time within the 2 s. (Longer
    # than the default wait timeout too: never a pause this test sits through.)
    keyed.add_backup(INDEX, backup_id="bk-1", statuses=["Pending"])
    status, out, err = run_cli(
        "--base-url",
        keyed.base_url,
        "wait",
        "bk-1",
        "--timeout",
        "2",
        "--poll-interval",
        "3600",
    )
    assert (status, out) == (1, "")
    assert err.splitlines()[0] == "status: Pending"
    assert "1 polls" in err
    assert len(keyed.requests) == 1


def test_a_log_record_carrying_the_key_is_redacted_by_the_verbose_handler(
    keyed: FakePinecone, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The SDK's logger redacts the records logged on it; a child logger's
    # records reach the command's handler without passing that filter.
    def leaky_describe(*_: object) -> None:
        logging.getLogger(C.LOGGER_NAME + ".child").warning("echoed %s back", keyed.api_key)

    monkeypatch.setattr(_cli, "run_describe", leaky_describe)
    err = io.StringIO()
    status, _, _ = run_cli("--base-url", keyed.base_url, "-v", "describe", "bk-1", err=err)
    assert status == 0
    assert keyed.api_key not in err.getvalue()
    assert err.getvalue().endswith(" WARNING echoed *** back\n")
