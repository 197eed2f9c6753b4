"""The generated package does the low-level work at run time, traced over real HTTP.

``sys.setprofile`` records every Python function that runs during a walk and a
describe against ``FakePinecone``; the generated request builders and the
generated models' ``from_dict`` must be among them, once per request and once
per backup, and the wrapper must hold no parser of its own.
"""

from __future__ import annotations

import contextlib
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pinecone_backups_api

from pinecone_backups import Client, NotFoundError
from pinecone_backups.testing import FakePinecone

GENERATED_DIR = Path(pinecone_backups_api.__file__).parent
INDEX = "docs-example"


def traced(action: Callable[[], object]) -> Counter[str]:
    """Calls of generated functions while ``action`` runs, by ``module:qualname``."""
    calls: Counter[str] = Counter()

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        if event == "call":
            path = Path(frame.f_code.co_filename)
            if path.is_relative_to(GENERATED_DIR):
                module = path.relative_to(GENERATED_DIR).with_suffix("").as_posix()
                calls[f"{module}:{frame.f_code.co_qualname}"] += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls


def test_a_walk_is_built_and_parsed_by_the_generated_code(
    fake: FakePinecone, client: Client
) -> None:
    fake.seed(INDEX, 250)

    calls = traced(lambda: list(client.iter_backups(INDEX)))

    assert calls["api/backups/list_index_backups:build_request_kwargs"] == 3
    assert calls["models/backup_list:BackupList.from_dict"] == 3
    assert calls["models/backup_model:BackupModel.from_dict"] == 250
    assert calls["models/pagination_response:PaginationResponse.from_dict"] == 2


def test_a_describe_is_built_and_parsed_by_the_generated_code(
    fake: FakePinecone, client: Client
) -> None:
    wire = fake.add_backup(INDEX, tags={"env": "prod"})

    calls = traced(lambda: client.describe_backup(str(wire["backup_id"])))

    assert calls["api/backups/describe_backup:build_request_kwargs"] == 1
    assert calls["models/backup_model:BackupModel.from_dict"] == 1
    assert calls["types:parse_datetime"] == 1


def test_an_error_body_is_parsed_by_the_generated_error_model(
    fake: FakePinecone, client: Client
) -> None:
    def describe_missing() -> None:
        with contextlib.suppress(NotFoundError):
            client.describe_backup("no-such-backup")

    calls = traced(describe_missing)

    assert calls["models/error_response:ErrorResponse.from_dict"] == 1
    assert calls["models/error_detail:ErrorDetail.from_dict"] == 1


def _wrapper_sources() -> Iterator[tuple[Path, str]]:
    package = Path(sys.modules["pinecone_backups"].__file__ or "").parent
    for path in sorted(package.rglob("*.py")):
        if "testing" not in path.relative_to(package).parts:
            yield path, path.read_text(encoding="utf-8")


def test_the_wrapper_never_reads_backup_fields_out_of_the_raw_json() -> None:
    # The fields of a backup are read from the generated model, never from the
    # decoded JSON: no wrapper module names them as dictionary keys.
    for path, source in _wrapper_sources():
        for field in ("'created_at'", '"created_at"', "'backup_id'", '"backup_id"'):
            assert f"[{field}]" not in source, f"{path.name} indexes the raw JSON with {field}"
            assert f".get({field}" not in source, f"{path.name} reads the raw JSON's {field}"
