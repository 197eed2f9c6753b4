"""An optional field of the wrong type: one warning per backup, naming fields, never values."""

from __future__ import annotations

import logging

import pytest

from pinecone_backups import Client
from pinecone_backups import _config as C
from pinecone_backups.testing import FakePinecone

INDEX = "docs-example"


def test_a_listing_warns_once_per_backup_naming_its_bad_fields_in_order(
    fake: FakePinecone, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    fake.add_backup(INDEX, backup_id="bk-a", dimension="wide", record_count="many")
    fake.add_backup(INDEX, backup_id="bk-b")
    with caplog.at_level(logging.WARNING, logger=C.LOGGER_NAME):
        page = client.list_backups(INDEX)
    assert [(b.backup_id, b.dimension) for b in page.backups] == [("bk-a", None), ("bk-b", 1024)]
    assert page.backups[0].invalid_fields == {"dimension": "wide", "record_count": "many"}
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "backup 'bk-a' has fields that do not fit the API's types: 'dimension', "
        "'record_count'; they read as None, and their raw values stay in invalid_fields "
        "and to_dict()"
    ]
