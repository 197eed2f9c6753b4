"""The ``pinecone-backups`` command against ``FakePinecone`` over real HTTP."""

from __future__ import annotations

import io
import json
import math
import os
import re
import subprocess
import sys
from datetime import datetime

import pytest

from pinecone_backups._cli import main
from pinecone_backups.testing import FakePinecone
from tests.conftest import ROOT

INDEX = "docs-example"


def stored(fake: FakePinecone, index: str = INDEX) -> list[dict[str, object]]:
    wires = fake.backups(index)
    assert all(isinstance(w, dict) for w in wires)
    return wires  # type: ignore[return-value]


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def keyed(fake: FakePinecone, monkeypatch: pytest.MonkeyPatch) -> FakePinecone:
    """``fake``, with ``PINECONE_API_KEY`` set to its key."""
    monkeypatch.setenv("PINECONE_API_KEY", fake.api_key)
    return fake


def test_list_with_limit_prints_that_many_lines_and_a_next_token_hint(keyed: FakePinecone) -> None:
    keyed.seed(INDEX, 12)
    status, out, err = run_cli("--base-url", keyed.base_url, "list", INDEX, "--limit", "5")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 5
    wires = stored(keyed)
    for line, wire in zip(lines, wires[:5], strict=True):
        assert line.split("\t")[0] == wire["backup_id"]
        assert str(wire["status"]) in line
    hint = re.search(r"--pagination-token (\S+)", err)
    assert hint is not None
    assert keyed.requests[-1].query == {"limit": ["5"]}

    # The hinted token continues the listing where it stopped.
    status, out, err = run_cli(
        "--base-url", keyed.base_url, "list", INDEX, "--pagination-token", hint.group(1)
    )
    assert status == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == [
        w["backup_id"] for w in wires[5:10]
    ]


def test_list_last_page_prints_no_next_token_hint(keyed: FakePinecone) -> None:
    keyed.seed(INDEX, 3)
    status, out, err = run_cli("--base-url", keyed.base_url, "list", INDEX, "--limit", "5")
    assert status == 0
    assert len(out.splitlines()) == 3
    assert "pagination-token" not in err


def test_list_line_shows_created_at_as_an_instant(keyed: FakePinecone) -> None:
    keyed.add_backup(INDEX, created_at="2024-03-15 10:30:00+00:00", name="nightly")
    status, out, _ = run_cli("--base-url", keyed.base_url, "list", INDEX)
    assert status == 0
    fields = out.strip().split("\t")
    shown = [datetime.fromisoformat(f) for f in fields if f.startswith("2024-")]
    assert shown == [datetime.fromisoformat("2024-03-15T10:30:00+00:00")]
    assert "nightly" in fields


def test_list_all_json_prints_one_object_per_line_equal_to_the_stored_backups(
    keyed: FakePinecone,
) -> None:
    keyed.seed(INDEX, 230)
    keyed.add_backup(INDEX, tags=None, future_field={"x": 1})
    status, out, err = run_cli("--base-url", keyed.base_url, "list", INDEX, "--all", "--json")
    assert status == 0
    assert err == ""
    assert [json.loads(line) for line in out.splitlines()] == stored(keyed)
    assert len(keyed.requests) == math.ceil(231 / 100)


def test_describe_json_prints_the_backup_as_the_server_sent_it(keyed: FakePinecone) -> None:
    wire = keyed.add_backup(INDEX, description=None, unknown={"kept": True})
    status, out, _ = run_cli(
        "--base-url", keyed.base_url, "describe", str(wire["backup_id"]), "--json"
    )
    assert status == 0
    assert json.loads(out) == wire
    assert keyed.requests[-1].path == f"/backups/{wire['backup_id']}"


def test_describe_prints_one_field_per_line(keyed: FakePinecone) -> None:
    wire = keyed.add_backup(INDEX, name="weekly", status="Pending")
    status, out, _ = run_cli("--base-url", keyed.base_url, "describe", str(wire["backup_id"]))
    assert status == 0
    assert f"backup_id: {wire['backup_id']}" in out.splitlines()
    assert "status: Pending" in out.splitlines()
    assert "name: weekly" in out.splitlines()


def assert_one_error_line(err: str, *secrets: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error:")
    for secret in secrets:
        assert secret not in err


def test_unknown_index_prints_one_error_line_and_exits_1(keyed: FakePinecone) -> None:
    status, out, err = run_cli("--base-url", keyed.base_url, "list", "no-such-index")
    assert status == 1
    assert out == ""
    assert_one_error_line(err, keyed.api_key)
    assert "no-such-index" in err


def test_unknown_backup_prints_one_error_line_and_exits_1(keyed: FakePinecone) -> None:
    status, _, err = run_cli("--base-url", keyed.base_url, "describe", "no-such-backup")
    assert status == 1
    assert_one_error_line(err, keyed.api_key)


def test_missing_key_prints_one_error_line_naming_the_variable(fake: FakePinecone) -> None:
    fake.seed(INDEX, 3)
    status, out, err = run_cli("--base-url", fake.base_url, "list", INDEX)
    assert status == 1
    assert out == ""
    assert_one_error_line(err)
    assert "PINECONE_API_KEY" in err
    assert fake.requests == []


def test_wrong_key_prints_one_error_line_without_the_key(
    fake: FakePinecone, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", "wrong-cli-key-4242")
    fake.seed(INDEX, 3)
    status, _, err = run_cli("--base-url", fake.base_url, "list", INDEX)
    assert status == 1
    assert_one_error_line(err, "wrong-cli-key-4242", fake.api_key)
    assert fake.requests[-1].headers["api-key"] == "wrong-cli-key-4242"


def test_out_of_range_limit_is_an_error_before_any_request(keyed: FakePinecone) -> None:
    keyed.seed(INDEX, 3)
    status, _, err = run_cli("--base-url", keyed.base_url, "list", INDEX, "--limit", "500")
    assert status == 1
    assert_one_error_line(err, keyed.api_key)
    assert "100" in err
    assert keyed.requests == []


def test_demo_needs_no_key_and_reports_pages_and_requests() -> None:
    status, out, _ = run_cli("demo")
    assert status == 0
    listed = re.search(r"listed (\d+) backups in (\d+) pages \((\d+) requests", out)
    assert listed is not None
    backups, pages, requests = (int(g) for g in listed.groups())
    assert backups > 100
    assert pages == math.ceil(backups / 100)
    assert requests == pages
    assert "described " in out


def test_python_m_pinecone_backups_demo_exits_0() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINECONE_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "generated")])
    completed = subprocess.run(
        [sys.executable, "-m", "pinecone_backups", "demo"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "listed" in completed.stdout
