"""``pinecone-backups wait``: status changes on stderr, the Ready backup on stdout, exit codes."""

from __future__ import annotations

import json

import pytest

from pinecone_backups.testing import FakePinecone, Fault
from tests.cli.conftest import INDEX, run_cli

FAST = ("--poll-interval", "0.01")


def test_ready_after_several_polls_prints_each_status_change_and_the_backup(
    keyed: FakePinecone,
) -> None:
    wire = keyed.add_backup(INDEX, statuses=["Initializing", "Initializing", "Pending", "Ready"])

    status, out, err = run_cli("--base-url", keyed.base_url, "wait", str(wire["backup_id"]), *FAST)

    assert status == 0, err
    assert err.splitlines() == ["status: Initializing", "status: Pending", "status: Ready"]
    assert f"backup_id: {wire['backup_id']}" in out.splitlines()
    assert "status: Ready" in out.splitlines()
    assert len(keyed.requests) == 4


def test_json_prints_the_ready_backup_as_the_server_sent_it(keyed: FakePinecone) -> None:
    wire = keyed.add_backup(INDEX, statuses=["Pending", "Ready"])

    status, out, _ = run_cli(
        "--base-url", keyed.base_url, "wait", str(wire["backup_id"]), "--json", *FAST
    )

    assert status == 0
    assert json.loads(out) == {**keyed.backups(INDEX)[0], "status": "Ready"}  # type: ignore[dict-item]


@pytest.mark.parametrize("final", ["Failed", "InitializationFailed"])
def test_a_failed_backup_exits_1_saying_it_failed(keyed: FakePinecone, final: str) -> None:
    wire = keyed.add_backup(INDEX, statuses=["Initializing", final])

    status, out, err = run_cli("--base-url", keyed.base_url, "wait", str(wire["backup_id"]), *FAST)

    assert status == 1
    assert out == ""
    assert err.splitlines()[:2] == ["status: Initializing", f"status: {final}"]
    assert err.splitlines()[-1].startswith("error: ")
    assert final in err.splitlines()[-1]
    assert "failed" in err.splitlines()[-1].lower()


def test_a_timeout_exits_1_with_its_own_message(keyed: FakePinecone) -> None:
    # Ready after 12 polls: at least 2 s of pauses growing from 0.01 s, far past
    # the 0.3 s timeout; a wait that ignored --timeout would end there, in success.
    wire = keyed.add_backup(INDEX, statuses=["Initializing"] * 12 + ["Ready"])

    status, out, err = run_cli(
        "--base-url", keyed.base_url, "wait", str(wire["backup_id"]), "--timeout", "0.3", *FAST
    )

    assert status == 1
    assert out == ""
    last = err.splitlines()[-1]
    assert last.startswith("error: ")
    assert "Initializing" in last
    assert "failed" not in last.lower()


def test_an_unknown_status_exits_1_naming_it(keyed: FakePinecone) -> None:
    wire = keyed.add_backup(INDEX, statuses=["Initializing", "Archiving"])

    status, _, err = run_cli("--base-url", keyed.base_url, "wait", str(wire["backup_id"]), *FAST)

    assert status == 1
    assert "Archiving" in err.splitlines()[-1]


def test_wait_timeout_is_the_wait_limit_and_a_global_timeout_limits_each_request(
    keyed: FakePinecone,
) -> None:
    wire = keyed.add_backup(INDEX, statuses=["Pending", "Ready"])
    keyed.inject(Fault.slow(1.0, path_prefix="/backups/"))

    status, _, err = run_cli(
        *("--base-url", keyed.base_url, "--timeout", "0.2", "--max-retries", "0"),
        *("wait", str(wire["backup_id"]), "--timeout", "30"),
    )

    assert status == 1
    assert "timed out" in err.splitlines()[-1]
