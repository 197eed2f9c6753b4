"""Serve a seeded FakePinecone from its own process (started by ``_common.FakeProcess``).

Usage: ``python bench/_fake_server.py '{"seeds": {"index": 1000}, "latency": 0.0}'``;
``"api_version"`` sets the one version the fake accepts (default: the pinned one).
Prints ``{"base_url": ..., "api_key": ...}`` on one line, then serves until
stdin closes. Each line ``connections`` read on stdin is answered with one line
``{"connections_opened": N}`` (TCP connections accepted so far); the same line
is printed when stdin closes.
"""

from __future__ import annotations

import json
import sys

from pinecone_backups.testing import FakePinecone


def main() -> None:
    config = json.loads(sys.argv[1])
    options = {"api_version": config["api_version"]} if "api_version" in config else {}
    fake = FakePinecone(api_key="bench-key", latency=float(config.get("latency", 0.0)), **options)
    for index_name, count in config["seeds"].items():
        fake.seed(index_name, int(count))
    with fake:
        print(json.dumps({"base_url": fake.base_url, "api_key": fake.api_key}), flush=True)
        for line in sys.stdin:
            if line.strip() == "connections":
                _report(fake)
        _report(fake)


def _report(fake: FakePinecone) -> None:
    print(json.dumps({"connections_opened": fake.connections_opened}), flush=True)


if __name__ == "__main__":
    main()
