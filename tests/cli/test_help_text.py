"""``--help`` of the command and of each subcommand: every description, option and metavar.

Shown on a wide terminal (no wrapping inside a word such as ``fake-pinecone``)
and compared with whitespace collapsed, so argparse's layout does not matter;
the words, their case and their order within each entry do.
"""

from __future__ import annotations

import pytest

from pinecone_backups import _config as C
from tests.cli.conftest import run_cli


def collapsed(text: str) -> str:
    return " ".join(text.split())


GLOBAL_OPTIONS = [
    "global options (before or after the command):",
    f"--base-url URL control plane URL (default: ${C.BASE_URL_ENV}, else {C.DEFAULT_BASE_URL})",
    f"--max-retries N retries of a request after a 408, 429, 5xx, timeout or connection error; "
    f"0 disables them (default: {C.DEFAULT_MAX_RETRIES})",
    "-v, --verbose log retries and warnings to stderr; twice (-vv) also every request "
    "(default: no log output)",
]
REQUEST_TIMEOUT = (
    f"--timeout SECONDS time limit of each attempt of a request (default: {C.DEFAULT_TIMEOUT:g})"
)
EXIT_STATUS = "exit status: 0 success (an empty listing included;"

HELP = {
    "": [
        "usage: pinecone-backups [-h] [--version] [--base-url URL] [--timeout SECONDS] "
        "[--max-retries N] [-v] COMMAND ...",
        f"List and describe Pinecone backups (API {C.api_version()}). The API key is read from "
        f"${C.API_KEY_ENV} only: a flag would show in process lists and shell history.",
        "positional arguments: COMMAND list list the backups of an index "
        "describe describe one backup "
        "wait wait until a backup is Ready "
        "demo run against a local fake server: no key, no network "
        "fake-server serve a fake Pinecone on loopback until Ctrl-C",
        REQUEST_TIMEOUT,
        *GLOBAL_OPTIONS,
    ],
    "list": [
        "usage: pinecone-backups list [-h] [--limit N] [--pagination-token TOKEN] [--all] "
        "[--json | --jsonl] [--base-url URL] [--timeout SECONDS] [--max-retries N] [-v] INDEX",
        "List the backups of INDEX: one page (the API's default size, 10) unless --all. "
        "A table by default; when more pages follow, the next token goes to stderr as "
        "'more: --pagination-token TOKEN'.",
        "INDEX index name",
        "--limit N backups per page, 1 to 100 (default: the API's, 10; with --all 100); "
        "not with --pagination-token",
        "--pagination-token TOKEN start at the page this token names (from 'more:' or "
        "next_token); keeps the page size it was made with (default: the first page)",
        "--all walk every page to the end (default: one page)",
        '--json print one JSON document {"backups": [...], "next_token": ...} (default: a table)',
        "--jsonl print one JSON object per backup per line, as pages arrive (default: a table)",
        REQUEST_TIMEOUT,
        *GLOBAL_OPTIONS,
    ],
    "describe": [
        "usage: pinecone-backups describe [-h] [--json] [--base-url URL] [--timeout SECONDS] "
        "[--max-retries N] [-v] BACKUP_ID",
        "[-v] BACKUP_ID Print every field of one backup. positional arguments: "
        "BACKUP_ID the backup's id",
        "--json print the backup as the JSON object the server sent "
        "(default: 'field: value' lines)",
        REQUEST_TIMEOUT,
        *GLOBAL_OPTIONS,
    ],
    "wait": [
        "usage: pinecone-backups wait [-h] [--timeout SECONDS] [--poll-interval SECONDS] "
        "[--json] [--base-url URL] [--max-retries N] [-v] BACKUP_ID",
        "Poll BACKUP_ID until it is Ready. Each status change goes to stderr; the backup, "
        "once Ready, to stdout. Exit 0 when Ready, 1 when it failed (Failed, "
        "InitializationFailed), has a status this version does not know, or --timeout "
        "passed first (each with its own message).",
        "BACKUP_ID the backup's id",
        "--timeout SECONDS how long to wait in all, polls and their retries included "
        f"(default: {C.DEFAULT_WAIT_TIMEOUT:g})",
        "--poll-interval SECONDS the first pause between polls; later ones grow by half up "
        f"to 15 s (default: {C.WAIT_FIRST_POLL_INTERVAL:g})",
        "--json print the Ready backup as the JSON object the server sent (default: lines)",
        *GLOBAL_OPTIONS,
    ],
    "demo": [
        "usage: pinecone-backups demo [-h] [--base-url URL] [--timeout SECONDS] "
        "[--max-retries N] [-v]",
        "[-v] Start a fake Pinecone on loopback, list a seeded index across pages, "
        "describe a backup. options:",
        REQUEST_TIMEOUT,
        *GLOBAL_OPTIONS,
    ],
    "fake-server": [
        "usage: pinecone-backups fake-server [-h] [--port PORT] [--host HOST] "
        "[--seed INDEX=COUNT] [--api-key KEY]",
        "Serve a fake Pinecone backup API (pinecone_backups.testing.FakePinecone) until "
        "Ctrl-C or SIGTERM, then exit 0. Its URL and key go to stdout as shell lines (two "
        "comments, then two exports, the key's last): source or eval them to point this "
        "command, the SDKs or curl at it.",
        "--port PORT TCP port (default: 0, any free port)",
        "--host HOST IPv4 address to listen on (default: 127.0.0.1)",
        "--seed INDEX=COUNT create INDEX holding COUNT backups; repeatable "
        "(default: docs-example=250)",
        "--api-key KEY the key the server accepts (default: a random fake-pinecone-... key)",
    ],
}


@pytest.mark.parametrize("command", list(HELP))
def test_help_shows_every_description_option_and_metavar(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    argv = [command, "--help"] if command else ["--help"]
    status, out, err = run_cli(*argv)
    assert (status, err) == (0, "")
    shown = collapsed(out)
    for entry in [*HELP[command], EXIT_STATUS]:
        assert collapsed(entry) in shown, entry
    if command in ("wait", "fake-server"):
        assert REQUEST_TIMEOUT not in shown


@pytest.mark.parametrize("argv", [["-v", "demo"], ["demo", "-v"]])
def test_verbose_once_is_a_flag_before_or_after_the_command(argv: list[str]) -> None:
    status, out, err = run_cli(*argv)
    assert (status, err) == (0, "")
    assert out.startswith("fake Pinecone on ")


def test_verbose_before_demo_logs_every_request_of_the_demo() -> None:
    status, _, err = run_cli("-vv", "demo")
    assert status == 0
    logged = [line.split(" ", 2)[1:] for line in err.splitlines()]
    assert [level for level, _ in logged] == ["DEBUG"] * 4
    assert [message.split(" -> ")[0] for _, message in logged] == [
        "GET /indexes/docs-example/backups",
        "GET /indexes/docs-example/backups",
        "GET /indexes/docs-example/backups",
        "GET /backups/a6bd48fe-623e-46c8-a3e2-2bf274d51ee4",
    ]
