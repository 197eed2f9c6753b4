"""Figures 2 and 3: client CPU per call, server excluded.

Both sides get the same canned bytes from the same ``httpx.MockTransport``:

* ours: ``Client(http_client=httpx.Client(transport=mock))`` and
  ``list_backups(index, limit=100)`` / ``describe_backup(id)``;
* baseline: ``httpx.Client(transport=mock)`` with the same headers,
  ``client.get(...)`` and ``json.loads(response.content)``.

Consumer work, the same on both sides: every backup's ``backup_id`` and
``created_at`` as a timezone-aware ``datetime`` (ours: ``backup.backup_id``,
``backup.created_at``; baseline: ``b["backup_id"]``,
``datetime.fromisoformat(b["created_at"])``). Reading the timestamp is what
callers do (the README examples print it), and it is where lazy parsing pays
or not; the ``backup_id``-only variant is printed too, for information.

CPU is ``time.process_time`` over a batch of calls; the sides alternate
round after round (the order flips every round) and the medians are compared.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
from _common import Result, canned_backups, check, dumps, interleave, median, ratio, spread

BASE_URL = "https://api.pinecone.io"
INDEX = "bench-index"
PAGE_SIZE = 100
TARGET = 1.3
ROUNDS = 120
PAGE_BATCH = 10
DESCRIBE_BATCH = 100


def _mock(body: bytes) -> httpx.MockTransport:
    headers = {"content-type": "application/json", "x-pinecone-request-id": "bench"}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers=headers)

    return httpx.MockTransport(handler)


def _clients(body: bytes) -> tuple[Any, httpx.Client]:
    from pinecone_backups import API_VERSION, Client

    ours = Client(
        api_key="bench-key", base_url=BASE_URL, http_client=httpx.Client(transport=_mock(body))
    )
    raw = httpx.Client(
        transport=_mock(body),
        headers={
            "Api-Key": "bench-key",
            "X-Pinecone-Api-Version": API_VERSION,
            "Accept": "application/json",
        },
    )
    return ours, raw


def _cpu_per_call(call: Callable[[], object], batch: int) -> Callable[[], float]:
    def measure() -> float:
        started = time.process_time()
        for _ in range(batch):
            call()
        return (time.process_time() - started) / batch

    return measure


def _compare(
    sides: dict[str, Callable[[], object]], batch: int
) -> tuple[dict[str, float], dict[str, list[float]]]:
    gc.collect()
    samples = interleave(
        {name: _cpu_per_call(call, batch) for name, call in sides.items()}, rounds=ROUNDS
    )
    return {name: median(values) for name, values in samples.items()}, samples


def bench_cpu_page() -> Result:
    """2. CPU per 100-backup page."""
    backups = canned_backups(PAGE_SIZE, INDEX)
    body = dumps({"data": backups, "pagination": {"next": "eyJwIjoxLCJzIjoxMDB9"}})
    ours, raw = _clients(body)
    url = f"{BASE_URL}/indexes/{INDEX}/backups"
    expected_ids = [b["backup_id"] for b in backups]

    def ours_full() -> object:
        return [(b.backup_id, b.created_at) for b in ours.list_backups(INDEX, limit=PAGE_SIZE)]

    def raw_full() -> object:
        data = json.loads(raw.get(url, params={"limit": PAGE_SIZE}).content)["data"]
        return [(b["backup_id"], datetime.fromisoformat(b["created_at"])) for b in data]

    def ours_ids() -> object:
        return [b.backup_id for b in ours.list_backups(INDEX, limit=PAGE_SIZE)]

    def raw_ids() -> object:
        data = json.loads(raw.get(url, params={"limit": PAGE_SIZE}).content)["data"]
        return [b["backup_id"] for b in data]

    def loads_only() -> object:
        return json.loads(body)

    check(ours_full() == raw_full(), "ours and raw disagree on the page's ids and timestamps")
    check(ours_ids() == expected_ids, "ours lost or reordered backups of the page")
    medians, samples = _compare({"ours": ours_full, "raw": raw_full}, PAGE_BATCH)
    id_medians, _ = _compare({"ours": ours_ids, "raw": raw_ids}, PAGE_BATCH)
    floor, _ = _compare({"loads": loads_only}, PAGE_BATCH)
    ours.close()
    raw.close()
    r = ratio(medians["ours"], medians["raw"])
    us = 1e6
    return Result(
        number="2",
        name="cpu-page",
        title=f"Client CPU per {PAGE_SIZE}-backup page ({len(body):,} bytes), server excluded",
        value=f"{medians['ours'] * us:.0f} us/page",
        baseline=f"{medians['raw'] * us:.0f} us/page (raw httpx + json.loads)",
        ratio=f"{r:.2f}x",
        target=f"<= {TARGET}x",
        met=r <= TARGET,
        details=[
            "both: the same canned bytes through httpx.MockTransport; the consumer reads "
            "backup_id and created_at (datetime) of every backup",
            f"medians of {ROUNDS} interleaved rounds of {PAGE_BATCH} pages (time.process_time); "
            f"ours {spread([v * us for v in samples['ours']])} us, "
            f"raw {spread([v * us for v in samples['raw']])} us",
            f"info, backup_id only: ours {id_medians['ours'] * us:.0f} us, raw "
            f"{id_medians['raw'] * us:.0f} us = "
            f"{ratio(id_medians['ours'], id_medians['raw']):.2f}x",
            f"info, json.loads of the body alone (the floor): {floor['loads'] * us:.0f} us",
        ],
    )


def bench_cpu_describe() -> Result:
    """3. CPU per describe_backup (one backup body)."""
    backup = next(b for b in canned_backups(20, INDEX) if b.get("tags"))
    body = dumps(backup)
    backup_id = backup["backup_id"]
    ours, raw = _clients(body)
    url = f"{BASE_URL}/backups/{backup_id}"

    def ours_full() -> object:
        b = ours.describe_backup(backup_id)
        return b.backup_id, b.created_at

    def raw_full() -> object:
        b = json.loads(raw.get(url).content)
        return b["backup_id"], datetime.fromisoformat(b["created_at"])

    check(ours_full() == raw_full(), "ours and raw disagree on the backup")
    medians, samples = _compare({"ours": ours_full, "raw": raw_full}, DESCRIBE_BATCH)
    ours.close()
    raw.close()
    r = ratio(medians["ours"], medians["raw"])
    us = 1e6
    return Result(
        number="3",
        name="cpu-describe",
        title=f"Client CPU per describe_backup ({len(body)} bytes), server excluded",
        value=f"{medians['ours'] * us:.1f} us/call",
        baseline=f"{medians['raw'] * us:.1f} us/call (raw httpx + json.loads)",
        ratio=f"{r:.2f}x",
        target=f"<= {TARGET}x",
        met=r <= TARGET,
        details=[
            "both: the same canned bytes through httpx.MockTransport; the consumer reads "
            "backup_id and created_at (datetime)",
            f"medians of {ROUNDS} interleaved rounds of {DESCRIBE_BATCH} calls; "
            f"ours {spread([v * us for v in samples['ours']])} us, "
            f"raw {spread([v * us for v in samples['raw']])} us",
        ],
    )
