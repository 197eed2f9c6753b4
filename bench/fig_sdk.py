"""Figures 8 to 10: client CPU side by side with the official SDK and raw httpx.

Every side runs in its own process (``bench/_sdk_client.py``) against a
seeded ``FakePinecone`` in yet another process, over loopback, so each
figure is the client's CPU alone (``time.process_time`` in the client
process). The sides' processes alternate, the order flipping each time, and
the medians of all their rounds are compared.

* 8, page, every field read: ours vs the official ``pinecone`` SDK (installed
  in the bench session only), a 100-backup page, the consumer reading every
  attribute of every backup (``created_at`` as a datetime) and keeping them;
* 9, describe, every field read: the same for one backup;
* 10, page, fields not read: ours vs raw ``httpx`` + ``json.loads``.

The official SDK implements API 2026-07, so it gets a fake of its own that
accepts that version (same seed, same bodies).
"""

from __future__ import annotations

import json
import sys
from typing import Any

import httpx
from _common import BENCH, FakeProcess, Result, median, ratio, run_child, spread

INDEX = "bench-index"
BACKUPS = 300
PROCESS_PAIRS = 4
ROUNDS = 12
WARMUP = 20
BATCHES = {"page-all": 10, "describe-all": 50, "page-unread": 10}
PINECONE_API_VERSION = "2026-07"


def pinecone_available() -> bool:
    try:
        import pinecone  # noqa: F401
    except ImportError:
        return False
    return True


def first_backup_id(server: FakeProcess, api_version: str) -> str:
    response = httpx.get(
        f"{server.base_url}/indexes/{INDEX}/backups",
        params={"limit": 1},
        headers={"Api-Key": server.api_key, "X-Pinecone-Api-Version": api_version},
    )
    backup_id: str = response.json()["data"][0]["backup_id"]
    return backup_id


def _samples(sides: dict[str, dict[str, Any]], operation: str) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {name: [] for name in sides}
    names = list(sides)
    for pair in range(PROCESS_PAIRS):
        for name in names if pair % 2 == 0 else names[::-1]:
            config = sides[name] | {
                "operation": operation,
                "index": INDEX,
                "rounds": ROUNDS,
                "warmup": WARMUP,
                "batch": BATCHES[operation],
            }
            child = run_child([str(BENCH / "_sdk_client.py"), json.dumps(config)])
            samples[name].extend(child["per_call"])
    return samples


def _compare(
    number: str, name: str, title: str, operation: str, baseline: str, target: float
) -> Result:
    from pinecone_backups import API_VERSION

    if baseline == "pinecone" and not pinecone_available():
        return Result(
            number,
            name,
            title,
            "-",
            "pinecone not installed (nox -s bench installs it)",
            "-",
            f"<= {target}x",
            None,
        )
    with (
        FakeProcess({INDEX: BACKUPS}) as ours_server,
        FakeProcess({INDEX: BACKUPS}, api_version=PINECONE_API_VERSION) as pc_server,
    ):

        def side(server: FakeProcess, version: str, side_name: str) -> dict[str, Any]:
            return {
                "side": side_name,
                "base_url": server.base_url,
                "api_key": server.api_key,
                "api_version": version,
                "backup_id": first_backup_id(server, version),
            }

        sides = {"ours": side(ours_server, API_VERSION, "ours")}
        if baseline == "pinecone":
            sides["pinecone"] = side(pc_server, PINECONE_API_VERSION, "pinecone")
        else:
            sides["raw"] = side(ours_server, API_VERSION, "raw")
        samples = _samples(sides, operation)
    us = 1e6
    ours, base = median(samples["ours"]), median(samples[baseline])
    r = ratio(ours, base)
    label = {"pinecone": "official pinecone SDK", "raw": "raw httpx + json.loads"}[baseline]
    return Result(
        number=number,
        name=name,
        title=title,
        value=f"{ours * us:.0f} us/call",
        baseline=f"{base * us:.0f} us/call ({label})",
        ratio=f"{r:.2f}x",
        target=f"<= {target}x",
        met=r <= target,
        details=[
            f"each side in its own process against a FakePinecone process on loopback; "
            f"{PROCESS_PAIRS} processes per side, alternating, {ROUNDS} rounds of "
            f"{BATCHES[operation]} calls each (time.process_time), after {WARMUP} warm-up calls",
            f"ours {spread([v * us for v in samples['ours']])} us; "
            f"{baseline} {spread([v * us for v in samples[baseline]])} us",
            f"python {sys.version.split()[0]}",
        ],
    )


def bench_sdk_page() -> Result:
    """8. A 100-backup page, every field read: ours vs the official SDK."""
    return _compare(
        "8",
        "sdk-page",
        "Client CPU per 100-backup page, every field read, vs pinecone SDK",
        "page-all",
        "pinecone",
        1.0,
    )


def bench_sdk_describe() -> Result:
    """9. One describe, every field read: ours vs the official SDK."""
    return _compare(
        "9",
        "sdk-describe",
        "Client CPU per describe_backup, every field read, vs pinecone SDK",
        "describe-all",
        "pinecone",
        1.0,
    )


def bench_page_unread() -> Result:
    """10. A 100-backup page whose fields are not read: ours vs raw httpx."""
    return _compare(
        "10",
        "page-unread",
        "Client CPU per 100-backup page, fields not read, vs raw httpx",
        "page-unread",
        "raw",
        1.1,
    )
