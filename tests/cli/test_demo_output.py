# ruff: noqa: E501  (the demo table is wider than a source line)
"""``pinecone-backups demo`` prints exactly this: the seeded data is deterministic."""

from __future__ import annotations

import re

from tests.cli.conftest import run_cli

# Everything after the first line (which names the fake's random port).
DEMO_OUTPUT = """\
listed 250 backups in 3 pages (3 requests, 1 connection)
BACKUP ID                             NAME                        STATUS        CREATED                RECORDS       SIZE
48d2cc2f-3d08-4a02-95b7-e2fc075ddc33  docs-example-backup-000000  Initializing  2025-01-01T00:00:22Z   8673980   22.1 GiB
fe6bd947-e37c-48fd-b30b-becf73b86deb  docs-example-backup-000001  Ready         2025-01-01T00:01:22Z  39245679  226.9 GiB
db34ccc3-f40d-4622-bccf-48d5cfed605a  docs-example-backup-000002  Initializing  2025-01-01T00:02:05Z  31417847  265.0 GiB
...
described a6bd48fe-623e-46c8-a3e2-2bf274d51ee4:
  backup_id: a6bd48fe-623e-46c8-a3e2-2bf274d51ee4
  source_index_name: docs-example
  source_index_id: 2b7d3cea-d250-524f-85ee-f5f4c6951e7b
  status: Ready
  cloud: aws
  region: us-east-1
  name: docs-example-backup-000249
  description: Scheduled backup 249 of docs-example
  dimension: 1536
  metric: cosine
  record_count: 30192658
  namespace_count: 3
  size_bytes: 349117704454
  tags: {"env": "prod"}
  created_at: 2025-01-01T04:09:52.275430+00:00
"""


def test_demo_prints_the_fake_three_rows_and_the_last_backup_described() -> None:
    status, out, err = run_cli("demo")
    assert (status, err) == (0, "")
    first, rest = out.split("\n", 1)
    assert re.fullmatch(
        r"fake Pinecone on http://127\.0\.0\.1:\d+, 250 backups in 'docs-example'", first
    )
    assert rest == DEMO_OUTPUT
