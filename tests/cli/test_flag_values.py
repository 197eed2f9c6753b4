"""Flag values at their limits, and the exact usage-error line of a bad one."""

from __future__ import annotations

import pytest

from pinecone_backups import _config as C
from pinecone_backups._cli._args import ParserExit
from pinecone_backups.testing import FakePinecone
from tests.cli.conftest import INDEX, run_cli


@pytest.mark.parametrize("limit", [C.MIN_PAGE_SIZE, C.MAX_PAGE_SIZE])
def test_limit_accepts_both_ends_of_the_page_size_range(keyed: FakePinecone, limit: int) -> None:
    keyed.seed(INDEX, 1)
    status, _, err = run_cli("--base-url", keyed.base_url, "list", INDEX, "--limit", str(limit))
    assert (status, err) == (0, "")
    assert keyed.requests[-1].query == {"limit": [str(limit)]}


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (
            ["--timeout", "abc", "list", INDEX],
            "pinecone-backups: error: argument --timeout: must be a number of seconds, not 'abc'",
        ),
        (
            ["list", INDEX, "--max-retries", "-1"],
            "pinecone-backups list: error: argument --max-retries: "
            "must be 0 (no retry) or more, not -1",
        ),
        (
            ["list", INDEX, "--limit", "101"],
            "pinecone-backups list: error: argument --limit: "
            "must be from 1 to 100 (the API's page size range), not 101",
        ),
    ],
)
def test_a_bad_flag_value_ends_stderr_with_one_exact_error_line(
    argv: list[str], error: str
) -> None:
    status, out, err = run_cli(*argv)
    assert (status, out) == (2, "")
    assert err.startswith("usage: pinecone-backups")
    assert err.endswith("\n" + error + "\n")


def test_parser_exit_carries_its_status_as_its_argument_like_system_exit() -> None:
    exc = ParserExit(2)
    assert exc.status == 2
    assert exc.args == SystemExit(2).args == (2,)
