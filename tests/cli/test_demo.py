"""``pinecone-backups demo``: no key, no network, the SDK's pagination on show."""

from __future__ import annotations

import math
import re

from tests.cli.conftest import run_cli, run_module


def test_demo_needs_no_key_and_reports_pages_and_requests() -> None:
    status, out, err = run_cli("demo")
    assert (status, err) == (0, "")
    listed = re.search(r"listed (\d+) backups in (\d+) pages \((\d+) requests", out)
    assert listed is not None
    backups, pages, requests = (int(g) for g in listed.groups())
    assert backups > 100
    assert pages == math.ceil(backups / 100)
    assert requests == pages
    assert re.search(r"^BACKUP ID +NAME +STATUS", out, re.MULTILINE)
    assert "described " in out


def test_python_m_pinecone_backups_demo_exits_0() -> None:
    done = run_module("demo")
    assert done.returncode == 0, done.stderr
    assert "listed" in done.stdout
    assert done.stderr == ""
