"""Figure 13: memory held by 100,000 backups kept in a list, ours vs pinecone vs plain dicts.

Each side walks 100,000 backups (pages of 100) from a FakePinecone in another
process, in a fresh child interpreter, and keeps every backup in one list.
``tracemalloc`` starts after import, client construction and one warm-up
request; the figure is the traced memory still held once the walk is done
and the garbage collected (the list of backups and nothing else the walk
left), divided by 100,000, and the peak during the walk.

* ours: ``Client().iter_backups(index)``, each ``Backup`` kept;
* pinecone: the official SDK (bench session only), ``list_backups`` page after
  page (``limit=100``, ``pagination_token``), each ``BackupModel`` kept;
* dicts: ``httpx`` + ``json.loads`` of each page, each backup's dict kept.

Child usage: ``python bench/fig_held.py '{"side": ..., ...}'``.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from typing import Any

from _common import BENCH, FakeProcess, Result, check, run_child
from fig_sdk import PINECONE_API_VERSION, pinecone_available

COUNT = 100_000
INDEX = "bench-held"
MB = 1024 * 1024


def bench_held() -> Result:
    """13. Bytes per held backup and peak memory holding 100,000."""
    sides = ["ours", "dicts"] + (["pinecone"] if pinecone_available() else [])
    out: dict[str, dict[str, Any]] = {}
    with (
        FakeProcess({INDEX: COUNT}) as ours_server,
        FakeProcess({INDEX: COUNT}, api_version=PINECONE_API_VERSION) as pc_server,
    ):
        from pinecone_backups import API_VERSION

        for side in sides:
            server = pc_server if side == "pinecone" else ours_server
            config = {
                "side": side,
                "base_url": server.base_url,
                "api_key": server.api_key,
                "api_version": API_VERSION,
            }
            out[side] = run_child([str(BENCH / "fig_held.py"), json.dumps(config)], timeout=600)
            check(out[side]["count"] == COUNT, f"{side} held {out[side]['count']} backups")
    per = {side: o["held"] / COUNT for side, o in out.items()}
    details = [
        f"{COUNT:,} backups kept in a list, each side in a fresh child; tracemalloc after "
        "import, construction and a warm-up request; held = traced after the walk and a "
        "gc.collect(), minus before"
    ]
    for side, o in out.items():
        details.append(
            f"{side}: {per[side]:.0f} bytes/backup, held {o['held'] / MB:.1f} MB, "
            f"peak {o['peak'] / MB:.1f} MB, walk {o['seconds']:.1f} s under tracemalloc"
        )
    if "pinecone" not in per:
        return Result(
            "13",
            "held",
            "Bytes per held backup",
            f"{per['ours']:.0f} B",
            "pinecone not installed",
            "-",
            "<= 1.0x",
            None,
            details,
        )
    r = per["ours"] / per["pinecone"]
    return Result(
        number="13",
        name="held",
        title=f"Memory per held backup, {COUNT:,} kept in a list (tracemalloc, client only)",
        value=f"{per['ours']:.0f} B/backup, peak {out['ours']['peak'] / MB:.0f} MB",
        baseline=f"{per['pinecone']:.0f} B/backup, peak {out['pinecone']['peak'] / MB:.0f} MB "
        f"(pinecone); dicts {per['dicts']:.0f} B",
        ratio=f"{r:.2f}x",
        target="<= 1.0x",
        met=r <= 1.0,
        details=details,
    )


# --- the child -----------------------------------------------------------------------


def _walker(config: dict[str, Any]) -> Any:
    side, url, key = config["side"], config["base_url"], config["api_key"]
    if side == "ours":
        from pinecone_backups import Client

        client = Client(api_key=key, base_url=url)
        client.list_backups(INDEX, limit=1)
        return lambda: list(client.iter_backups(INDEX))
    if side == "pinecone":
        from pinecone import Pinecone

        pc = Pinecone(api_key=key, host=url)
        pc.list_backups(index_name=INDEX, limit=1)

        def walk_pinecone() -> list[Any]:
            kept: list[Any] = []
            token = None
            while True:
                page = pc.list_backups(index_name=INDEX, limit=100, pagination_token=token)
                kept.extend(page)
                token = page.pagination.next if page.pagination else None
                if not token:
                    return kept

        return walk_pinecone
    import httpx

    http = httpx.Client(
        base_url=url, headers={"Api-Key": key, "X-Pinecone-Api-Version": config["api_version"]}
    )
    http.get(f"/indexes/{INDEX}/backups", params={"limit": 1})

    def walk_dicts() -> list[Any]:
        kept: list[Any] = []
        params: dict[str, Any] = {"limit": 100}
        while True:
            body = json.loads(http.get(f"/indexes/{INDEX}/backups", params=params).content)
            kept.extend(body["data"])
            token = (body.get("pagination") or {}).get("next")
            if not token:
                return kept
            params = {"paginationToken": token}

    return walk_dicts


def _child(config: dict[str, Any]) -> None:
    import tracemalloc

    walk = _walker(config)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    started = time.perf_counter()
    kept = walk()
    seconds = time.perf_counter() - started
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    peak = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    print(json.dumps({"count": len(kept), "held": held, "peak": peak, "seconds": seconds}))


if __name__ == "__main__":
    _child(json.loads(sys.argv[1]))
