"""Exit status 0, 1, 2 and 130, and error messages in the command line's terms."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable

import pytest

from pinecone_backups import Client, ConfigurationError, InvalidArgumentError
from pinecone_backups._cli import cli_words
from pinecone_backups.testing import FakePinecone, Fault
from tests.cli.conftest import INDEX, run_cli, subprocess_env
from tests.conftest import ROOT

SDK_WORDS = ("api_key", "base_url", "page_size", "pagination_token", "httpx", "allow_insecure")


def assert_one_error_line(err: str, *secrets: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    for secret in secrets:
        assert secret not in err


def assert_usage_error(err: str, *needles: str) -> None:
    assert err.startswith("usage: pinecone-backups")
    last = err.splitlines()[-1]
    assert re.match(r"pinecone-backups( \w+)?: error: ", last), last
    for needle in needles:
        assert needle in last, last
    for word in SDK_WORDS:
        assert word not in err


# --- 0 -------------------------------------------------------------------------------------


def test_success_and_an_empty_listing_exit_0(keyed: FakePinecone) -> None:
    keyed.add_index(INDEX)
    assert run_cli("--base-url", keyed.base_url, "list", INDEX)[0] == 0
    wire = keyed.add_backup(INDEX)
    assert run_cli("--base-url", keyed.base_url, "describe", str(wire["backup_id"]))[0] == 0


# --- 1: API, network, configuration ---------------------------------------------------------


def test_unknown_index_exits_1_with_one_line(keyed: FakePinecone) -> None:
    status, out, err = run_cli("--base-url", keyed.base_url, "list", "no-such-index")
    assert (status, out) == (1, "")
    assert_one_error_line(err, keyed.api_key)
    assert "HTTP 404" in err
    assert "no-such-index" in err


def test_unknown_backup_exits_1(keyed: FakePinecone) -> None:
    status, _, err = run_cli("--base-url", keyed.base_url, "describe", "no-such-backup")
    assert status == 1
    assert_one_error_line(err, keyed.api_key)


def test_wrong_key_exits_1_naming_the_variable_not_the_key(
    fake: FakePinecone, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", "wrong-cli-key-4242")
    fake.seed(INDEX, 3)
    status, _, err = run_cli("--base-url", fake.base_url, "list", INDEX)
    assert status == 1
    assert_one_error_line(err, "wrong-cli-key-4242", fake.api_key)
    assert "HTTP 401" in err
    assert "PINECONE_API_KEY" in err
    assert fake.requests[-1].headers["api-key"] == "wrong-cli-key-4242"


def test_a_server_message_cannot_drive_the_terminal(keyed: FakePinecone) -> None:
    keyed.inject(
        Fault.json({"status": 404, "error": {"code": "NOT_FOUND", "message": "x\x1b[2Jy"}}, 404)
    )
    status, _, err = run_cli("--base-url", keyed.base_url, "--max-retries", "0", "list", INDEX)
    assert status == 1
    assert_one_error_line(err)
    assert "\x1b" not in err
    assert "x\\x1b[2Jy" in err


def test_connection_refused_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", "k")
    with FakePinecone() as gone:
        url = gone.base_url
    status, _, err = run_cli("--base-url", url, "--max-retries", "0", "list", INDEX)
    assert status == 1
    assert_one_error_line(err)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "error: no API key: set PINECONE_API_KEY"),
        ({"PINECONE_API_KEY": "  "}, "error: PINECONE_API_KEY is empty"),
        ({"PINECONE_API_KEY": "k\n"}, "error: PINECONE_API_KEY has whitespace"),
    ],
)
def test_a_missing_or_bad_key_exits_1_before_any_request(
    fake: FakePinecone, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    fake.seed(INDEX, 3)
    status, out, err = run_cli("--base-url", fake.base_url, "list", INDEX)
    assert (status, out) == (1, "")
    assert_one_error_line(err)
    assert err.startswith(message)
    for word in SDK_WORDS:
        assert word not in err
    assert fake.requests == []


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("http://api.pinecone.io", "plain http"),
        ("ftp://example.com", "not an http(s) URL"),
        ("http://", "not an http(s) URL"),
    ],
)
def test_a_bad_base_url_exits_1_in_cli_terms(
    monkeypatch: pytest.MonkeyPatch, url: str, needle: str
) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", "pcsk_cli_secret_123")
    status, _, err = run_cli("--base-url", url, "list", INDEX)
    assert status == 1
    assert_one_error_line(err, "pcsk_cli_secret_123")
    assert err.startswith("error: --base-url")
    assert needle in err
    for word in SDK_WORDS:
        assert word not in err


def test_the_host_variable_is_named_when_it_is_the_bad_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", "k")
    monkeypatch.setenv("PINECONE_CONTROLLER_HOST", "http://api.pinecone.io")
    status, _, err = run_cli("list", INDEX)
    assert status == 1
    assert err.startswith("error: $PINECONE_CONTROLLER_HOST")


def test_sdk_refusals_that_reach_the_cli_are_reworded() -> None:
    messages: list[str] = []
    builds: tuple[Callable[[], object], ...] = (
        lambda: Client(api_key=""),
        lambda: Client(api_key="k", base_url="http://example.com"),
        lambda: Client(api_key="k", timeout=-1),
        lambda: Client(api_key="k", max_retries=-1),
    )
    for build in builds:
        with pytest.raises((ConfigurationError, InvalidArgumentError)) as caught:
            build()
        messages.append(str(caught.value))
    with Client(api_key="k", base_url="http://127.0.0.1:9") as client:
        calls: tuple[Callable[[], object], ...] = (
            lambda: client.list_backups("i", limit=0),
            lambda: client.list_backups("i", pagination_token=""),
            lambda: client.list_backups("."),
            lambda: client.describe_backup(""),
            lambda: client.iter_backup_pages("i", page_size=500),
        )
        for call in calls:
            with pytest.raises(InvalidArgumentError) as caught_arg:
                call()
            messages.append(str(caught_arg.value))
    for message in messages:
        worded = cli_words(message)
        for word in (*SDK_WORDS, "max_retries", "index_name", "=True"):
            assert word not in worded, (message, worded)
    assert cli_words("limit must be from 1 to 100") == "--limit must be from 1 to 100"
    assert cli_words("--limit stays") == "--limit stays"


# --- 2: usage ------------------------------------------------------------------------------


def test_limit_with_a_pagination_token_is_refused_with_the_reason(keyed: FakePinecone) -> None:
    keyed.seed(INDEX, 30)
    for extra in ([], ["--all"]):
        status, out, err = run_cli(
            "--base-url",
            keyed.base_url,
            "list",
            INDEX,
            "--limit",
            "5",
            "--pagination-token",
            "abc",
            *extra,
        )
        assert (status, out) == (2, "")
        assert_usage_error(err, "--limit", "--pagination-token", "skip or repeat")
    assert keyed.requests == []


@pytest.mark.parametrize(
    ("argv", "needles"),
    [
        (["list", INDEX, "--limit", "500"], ["--limit", "1 to 100"]),
        (["list", INDEX, "--limit", "0"], ["--limit", "1 to 100"]),
        (["list", INDEX, "--limit", "ten"], ["--limit", "whole number"]),
        (["list", INDEX, "--timeout", "0"], ["--timeout", "above 0"]),
        (["--timeout", "nan", "list", INDEX], ["--timeout"]),
        (["list", INDEX, "--max-retries", "-1"], ["--max-retries"]),
        (["list", INDEX, "--pagination-token", ""], ["--pagination-token", "empty"]),
        (["list", ""], ["INDEX", "empty"]),
        (["list", ".."], ["INDEX", "'..'"]),
        (["describe", "."], ["BACKUP_ID", "'.'"]),
        (["list", "bad\udcffname"], ["INDEX", "UTF-8"]),
        (["list"], ["INDEX"]),
        (["frobnicate"], ["invalid choice"]),
        (["list", INDEX, "--colour"], ["unrecognized"]),
        ([], ["COMMAND"]),
    ],
)
def test_usage_errors_exit_2_before_any_request(
    keyed: FakePinecone, argv: list[str], needles: list[str]
) -> None:
    status, out, err = run_cli("--base-url", keyed.base_url, *argv)
    assert (status, out) == (2, "")
    assert_usage_error(err, *needles)
    assert keyed.requests == []


# --- 130: interrupted ----------------------------------------------------------------------


def test_keyboard_interrupt_exits_130(keyed: FakePinecone, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Client, "list_backups", interrupted)
    status, out, err = run_cli("--base-url", keyed.base_url, "list", INDEX)
    assert (status, out) == (130, "")
    assert err.strip() == "interrupted"


def test_ctrl_c_during_a_request_exits_130(fake: FakePinecone) -> None:
    fake.seed(INDEX, 3)
    fake.latency = 30.0
    process = subprocess.Popen(
        [sys.executable, "-m", "pinecone_backups", "--base-url", fake.base_url, "list", INDEX],
        env=subprocess_env({"PINECONE_API_KEY": fake.api_key}),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not fake.requests and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fake.requests, "the command never sent its request"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    assert process.returncode == 130, err
    assert out == ""
    assert "Traceback" not in err
