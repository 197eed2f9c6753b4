"""--version, --help, global options before or after the command, logging and --verbose."""

from __future__ import annotations

import logging
import re

import pytest

import pinecone_backups
from pinecone_backups.testing import FakePinecone, Fault
from tests.cli.conftest import INDEX, run_cli, run_module


def test_version_names_the_package_and_api_versions() -> None:
    status, out, err = run_cli("--version")
    assert (status, err) == (0, "")
    assert out == f"pinecone-backups {pinecone_backups.__version__} (API 2025-10)\n"
    assert pinecone_backups.API_VERSION in out


@pytest.mark.parametrize("argv", [["--help"], ["list", "--help"], ["describe", "--help"]])
def test_help_shows_every_global_option_with_its_default_and_the_exit_codes(
    argv: list[str],
) -> None:
    status, out, err = run_cli(*argv)
    assert (status, err) == (0, "")
    text = " ".join(out.split())
    for flag, default in [
        ("--base-url", "https://api.pinecone.io"),
        ("--timeout", "(default: 30)"),
        ("--max-retries", "(default: 2)"),
        ("--verbose", "(default: no log output)"),
    ]:
        assert flag in text
        assert default in text, flag
    assert "==SUPPRESS==" not in out
    for code in ("0 success", "1 the API", "2 usage error", "130 interrupted"):
        assert code in text


def test_list_help_shows_its_defaults() -> None:
    status, out, _ = run_cli("list", "--help")
    assert status == 0
    text = " ".join(out.split())
    assert "--limit N backups per page, 1 to 100 (default: the API's, 10; with --all 100)" in text
    assert "--jsonl" in text
    assert "(default: a table)" in text


@pytest.mark.parametrize("after", [False, True], ids=["before", "after"])
def test_max_retries_works_before_or_after_the_command(keyed: FakePinecone, after: bool) -> None:
    keyed.seed(INDEX, 3)
    keyed.inject(Fault.server_error(503, times=5))
    options = ["--base-url", keyed.base_url, "--max-retries", "0"]
    argv = ["list", INDEX, *options] if after else [*options, "list", INDEX]
    status, _, err = run_cli(*argv)
    assert status == 1
    assert "HTTP 503" in err
    assert len(keyed.requests) == 1  # no retry: the flag took effect


@pytest.mark.parametrize("after", [False, True], ids=["before", "after"])
def test_timeout_works_before_or_after_the_command(keyed: FakePinecone, after: bool) -> None:
    keyed.seed(INDEX, 3)
    keyed.inject(Fault.slow(2.0))
    options = ["--base-url", keyed.base_url, "--timeout", "0.2", "--max-retries", "0"]
    argv = ["list", INDEX, *options] if after else [*options, "list", INDEX]
    status, _, err = run_cli(*argv)
    assert status == 1
    assert "timed out" in err.lower() or "timeout" in err.lower(), err


def test_an_option_after_the_command_overrides_the_one_before(keyed: FakePinecone) -> None:
    keyed.seed(INDEX, 3)
    status, out, _ = run_cli(
        "--base-url", "http://127.0.0.1:9", "list", INDEX, "--base-url", keyed.base_url
    )
    assert status == 0
    assert len(out.splitlines()) == 4


def test_an_option_before_the_command_is_kept_when_not_repeated_after(
    keyed: FakePinecone,
) -> None:
    keyed.seed(INDEX, 3)
    status, _, _ = run_cli("--base-url", keyed.base_url, "list", INDEX, "--timeout", "5")
    assert status == 0  # the subcommand's copy of --base-url did not reset it to None


# --- logging ------------------------------------------------------------------------------


def test_retries_print_nothing_without_verbose(fake: FakePinecone) -> None:
    """In a real process (no logging configured) the SDK's WARNING retry lines stay hidden."""
    fake.seed(INDEX, 3)
    fake.inject(Fault.server_error(503))
    done = run_module(
        "--base-url", fake.base_url, "list", INDEX, env={"PINECONE_API_KEY": fake.api_key}
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert len(fake.requests) == 2  # it did retry


def test_verbose_logs_retries_readably_without_the_key(fake: FakePinecone) -> None:
    fake.seed(INDEX, 3)
    fake.inject(Fault.server_error(503))
    done = run_module(
        "--base-url", fake.base_url, "list", INDEX, "-v", env={"PINECONE_API_KEY": fake.api_key}
    )
    assert done.returncode == 0, done.stderr
    line = re.fullmatch(r"\d\d:\d\d:\d\d WARNING (.*)\n", done.stderr)
    assert line is not None, done.stderr
    assert "HTTP 503" in line.group(1)
    assert "retry 1 of 2" in line.group(1)
    assert fake.api_key not in done.stderr


def test_double_verbose_logs_every_request(keyed: FakePinecone) -> None:
    keyed.seed(INDEX, 3)
    status, _, err = run_cli("--base-url", keyed.base_url, "-vv", "list", INDEX)
    assert status == 0
    assert re.search(r"DEBUG GET /indexes/docs-example/backups -> HTTP 200", err), err
    assert keyed.api_key not in err


def test_in_process_runs_leave_the_sdk_logger_as_they_found_it(keyed: FakePinecone) -> None:
    logger = logging.getLogger("pinecone_backups")
    before = (list(logger.handlers), logger.level)
    keyed.seed(INDEX, 1)
    assert run_cli("--base-url", keyed.base_url, "-vv", "list", INDEX)[0] == 0
    assert run_cli("--base-url", keyed.base_url, "list", INDEX)[0] == 0
    assert (list(logger.handlers), logger.level) == before
