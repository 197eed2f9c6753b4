"""One side of the SDK comparison, in its own process: its CPU is all client.

Usage: ``python bench/_sdk_client.py '{"side": ..., "operation": ..., ...}'``.
Sides: ``ours`` (pinecone_backups.Client), ``pinecone`` (the official SDK,
installed in the bench session only) and ``raw`` (httpx.Client +
json.loads). Operations:

* ``page-all``: one 100-backup page; the consumer reads every attribute of
  every backup (``created_at`` as a datetime) and keeps the results;
* ``describe-all``: one backup, every attribute read;
* ``page-unread``: one 100-backup page, only counted.

Prints one JSON line: ``{"per_call": [CPU seconds per call, one per round]}``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

# Every attribute each side's backup has (the official SDK follows API 2026-07,
# which has no dimension or metric).
COMMON_FIELDS = [
    "backup_id",
    "source_index_name",
    "source_index_id",
    "status",
    "cloud",
    "region",
    "name",
    "description",
    "schema",
    "record_count",
    "namespace_count",
    "size_bytes",
    "tags",
]
OURS_FIELDS = [*COMMON_FIELDS, "dimension", "metric", "created_at"]
PINECONE_FIELDS = [*COMMON_FIELDS, "created_at", "source_index_deleted_at"]


def _read_all(backup: Any, fields: list[str]) -> tuple[Any, ...]:
    return tuple(getattr(backup, name) for name in fields)


def _datetime(value: object) -> object:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def make_call(config: dict[str, Any]) -> Callable[[], object]:
    side, operation = config["side"], config["operation"]
    url, key, index, backup_id = (
        config["base_url"],
        config["api_key"],
        config["index"],
        config["backup_id"],
    )
    kept: list[object] = []  # results are held, as a user's program would

    if side == "ours":
        from pinecone_backups import Client

        client = Client(api_key=key, base_url=url)
        if operation == "page-all":
            return lambda: kept.append(
                [_read_all(b, OURS_FIELDS) for b in client.list_backups(index, limit=100)]
            )
        if operation == "describe-all":
            return lambda: kept.append(_read_all(client.describe_backup(backup_id), OURS_FIELDS))
        return lambda: kept.append(len(client.list_backups(index, limit=100).backups))

    if side == "pinecone":
        from pinecone import Pinecone

        pc = Pinecone(api_key=key, host=url)

        def pinecone_backup(backup: Any) -> tuple[Any, ...]:
            values = _read_all(backup, PINECONE_FIELDS)
            return (*values[:-2], _datetime(values[-2]), values[-1])

        if operation == "page-all":
            return lambda: kept.append(
                [pinecone_backup(b) for b in pc.list_backups(index_name=index, limit=100)]
            )
        if operation == "describe-all":
            return lambda: kept.append(pinecone_backup(pc.describe_backup(backup_id=backup_id)))
        return lambda: kept.append(len(pc.list_backups(index_name=index, limit=100)))

    import httpx

    http = httpx.Client(
        base_url=url,
        headers={
            "Api-Key": key,
            "X-Pinecone-Api-Version": config["api_version"],
            "Accept": "application/json",
        },
    )
    if operation == "page-unread":
        return lambda: kept.append(
            len(
                json.loads(http.get(f"/indexes/{index}/backups", params={"limit": 100}).content)[
                    "data"
                ]
            )
        )
    raise SystemExit(f"raw httpx has no {operation!r}")


def main() -> None:
    config = json.loads(sys.argv[1])
    call = make_call(config)
    for _ in range(config["warmup"]):
        call()
    per_call = []
    for _ in range(config["rounds"]):
        started = time.process_time()
        for _ in range(config["batch"]):
            call()
        per_call.append((time.process_time() - started) / config["batch"])
    print(json.dumps({"per_call": per_call}))


if __name__ == "__main__":
    main()
