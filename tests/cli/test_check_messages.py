"""The command's own checks, before any request: their exact error lines and exit codes."""

from __future__ import annotations

import pytest

from pinecone_backups import _config as C
from pinecone_backups.testing import FakePinecone
from tests.cli.conftest import INDEX, run_cli

KEY = "pcsk_cli_secret_123"


def last_line(err: str) -> str:
    return err.splitlines()[-1]


@pytest.mark.parametrize("key", ["pcsk_ok_key\x01", "pcsk_ok_key ", " pcsk_ok_key", "pcsk_\u00e9"])
def test_a_key_with_control_space_or_non_ascii_characters_is_refused(
    fake: FakePinecone, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", key)
    status, out, err = run_cli("--base-url", fake.base_url, "list", INDEX)
    assert (status, out) == (1, "")
    assert err == (
        "error: PINECONE_API_KEY has whitespace, control or non-ASCII characters, "
        "which no Pinecone key has: copy the key again\n"
    )
    assert fake.requests == []


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["list", ""], "pinecone-backups list: error: INDEX must not be empty"),
        (["describe", ""], "pinecone-backups describe: error: BACKUP_ID must not be empty"),
        (
            ["list", INDEX, "--pagination-token", ""],
            "pinecone-backups list: error: --pagination-token must not be empty",
        ),
        (
            ["list", INDEX, "--pagination-token", "t\ud800"],
            "pinecone-backups list: error: --pagination-token is not valid UTF-8 (t\\ud800)",
        ),
        (
            ["list", INDEX, "--limit", "5", "--pagination-token", "t"],
            "pinecone-backups list: error: --limit cannot be used with --pagination-token: "
            "a token carries the page size it was made with, and another --limit beside it "
            "would skip or repeat backups; resume with the token alone",
        ),
    ],
)
def test_a_bad_argument_is_a_usage_error_with_its_exact_reason(
    fake: FakePinecone, monkeypatch: pytest.MonkeyPatch, argv: list[str], error: str
) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", KEY)
    status, out, err = run_cli("--base-url", fake.base_url, *argv)
    assert (status, out) == (2, "")
    assert err.startswith("usage: ")
    assert last_line(err) == error
    assert fake.requests == []


def test_a_token_too_long_for_a_url_is_refused_in_the_commands_words(
    fake: FakePinecone, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", KEY)
    token = "t" * (C.MAX_TOKEN_LENGTH + 1)
    status, out, err = run_cli(
        "--base-url", fake.base_url, "list", INDEX, "--pagination-token", token
    )
    assert (status, out) == (2, "")
    assert err == (
        f"error: --pagination-token cannot be sent: it is {C.MAX_TOKEN_LENGTH + 1} characters "
        f"long once URL-encoded, more than a URL can carry (at most {C.MAX_TOKEN_LENGTH})\n"
    )
    assert fake.requests == []


def test_a_base_url_with_a_query_is_refused_in_the_commands_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", KEY)
    status, out, err = run_cli("--base-url", "https://example.com/x?y=1", "list", INDEX)
    assert (status, out) == (1, "")
    assert (
        err == "error: --base-url 'https://example.com/x?y=1' must not carry a query or fragment\n"
    )


def test_plain_http_to_a_remote_host_is_refused_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", KEY)
    status, out, err = run_cli("--base-url", "http://example.com", "list", INDEX)
    assert (status, out) == (1, "")
    assert err == (
        "error: --base-url 'http://example.com' is plain http to a host that is not loopback: "
        "the API key would travel unencrypted; use https\n"
    )


@pytest.mark.parametrize("url", ["https://127.0.0.1:{port}", "127.0.0.1:{port}"])
def test_an_https_or_scheme_less_base_url_passes_the_check_and_is_used(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    # Nothing listens on the port: the request itself fails, after the check passed.
    monkeypatch.setenv("PINECONE_API_KEY", KEY)
    with FakePinecone() as gone:
        port = gone.base_url.rsplit(":", 1)[1]
    status, out, err = run_cli(
        "--base-url", url.format(port=port), "--max-retries", "0", "list", INDEX
    )
    assert (status, out) == (1, "")
    assert err.startswith(f"error: GET /indexes/{INDEX}/backups failed to connect"), err
