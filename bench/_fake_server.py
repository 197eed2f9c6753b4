"""Serve a seeded FakePinecone from its own process (started by ``_common.FakeProcess``).

Usage: ``python bench/_fake_server.py '{"seeds": {"index": 1000}, "latency": 0.0}'``;
``"api_version"`` sets the one version the fake accepts (default: the pinned one).
Prints ``{"base_url": ..., "api_key": ...}`` on one line, then serves until
stdin closes.
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
        sys.stdin.read()


if __name__ == "__main__":
    main()
