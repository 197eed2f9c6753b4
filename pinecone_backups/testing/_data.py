"""The fake's wire data: content types, limits, JSON and error bodies, page
tokens, index IDs, and new and seeded backups.
"""

from __future__ import annotations

import base64
import binascii
import gc
import http
import json
import random
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from ._records import OMIT

JSON: Final = "application/json"
TEXT: Final = "text/plain; charset=utf-8"
HTML: Final = "text/html; charset=utf-8"
DEFAULT_LIMIT: Final = 10
MIN_LIMIT: Final = 1
MAX_LIMIT: Final = 100
LIMIT_RE: Final = re.compile(r"-?[0-9]+")

_ERROR_CODES: Final[Mapping[int, str]] = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    402: "PAYMENT_REQUIRED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    408: "DEADLINE_EXCEEDED",
    409: "ALREADY_EXISTS",
    412: "FAILED_PRECONDITION",
    422: "UNPROCESSABLE_ENTITY",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "UNAVAILABLE",
}


@dataclass(eq=False)
class HttpError(Exception):
    """An error answer to send: its status and the message of its body."""

    status: int
    message: str


def reason_phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def dumps(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def error_body(status: int, message: str, code: str | None = None) -> bytes:
    code = code or _ERROR_CODES.get(status, "UNKNOWN")
    return dumps({"status": status, "error": {"code": code, "message": message}})


def encode_token(index_name: str, page: int, size: int) -> str:
    raw = dumps({"i": index_name, "p": page, "s": size})
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_token(token: str, index_name: str) -> tuple[int, int]:
    invalid = HttpError(400, f"Invalid pagination token: {token!r}")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError):
        raise invalid from None
    if not isinstance(value, dict):
        raise invalid
    page, size = value.get("p"), value.get("s")
    if (
        value.get("i") != index_name
        or type(page) is not int
        or type(size) is not int
        or page < 0
        or not MIN_LIMIT <= size <= MAX_LIMIT
    ):
        raise invalid
    return page, size


def source_index_id(index_name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "fake-pinecone:index:" + index_name))


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_backup(index_name: str, source_id: str, fields: Mapping[str, object]) -> dict[str, object]:
    """A realistic backup made now, with ``fields`` applied (:data:`OMIT` removes one)."""
    now = datetime.now(UTC)
    wire: dict[str, object] = {
        "backup_id": str(uuid.uuid4()),
        "source_index_name": index_name,
        "source_index_id": source_id,
        "status": "Ready",
        "cloud": "aws",
        "region": "us-east-1",
        "name": f"{index_name}-backup-{now:%Y%m%d%H%M%S%f}",
        "description": f"Backup of {index_name}",
        "dimension": 1024,
        "metric": "cosine",
        "record_count": 120_000,
        "namespace_count": 3,
        "size_bytes": 10_000_000,
        "tags": {},
        "created_at": _timestamp(now),
    }
    for key, value in fields.items():
        if value is OMIT:
            wire.pop(key, None)
        else:
            wire[key] = value
    return wire


_STATUSES: Final = ("Ready",) * 7 + ("Pending", "Initializing", "Failed")
_METRICS: Final = ("cosine", "cosine", "euclidean", "dotproduct")
_DIMENSIONS: Final = (384, 768, 1024, 1536, 3072)
_TAGS: Final[tuple[dict[str, str] | None, ...]] = (
    {},
    {},
    {},
    {"env": "prod"},
    {"env": "staging", "team": "search"},
    {"owner": ""},
    None,
)
_SEED_EPOCH: Final = datetime(2025, 1, 1, tzinfo=UTC)
# A random 128-bit number becomes a version 4, RFC 4122 variant UUID.
_UUID_MASK: Final = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_UUID_V4_BITS: Final = (0x4000 << 64) | (0x8000 << 48)


def seeded_backups(
    index_name: str, source_id: str, start: int, count: int
) -> list[dict[str, object]]:
    """``count`` deterministic backups, numbered from ``start``, for one index."""
    # Building many small dicts triggers the cyclic garbage collector over
    # and over, for nothing (they hold no cycles): pause it meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _make_seed(index_name, source_id, start, count)
    finally:
        if collecting:
            gc.enable()


def _make_seed(index_name: str, source_id: str, start: int, count: int) -> list[dict[str, object]]:
    bits = random.Random(f"fake-pinecone:{index_name}:{start}").getrandbits
    base_seconds = int((_SEED_EPOCH + timedelta(minutes=start)).timestamp())
    day_stamps: dict[int, str] = {}
    made: list[dict[str, object]] = []
    append = made.append
    for number in range(start, start + count):
        # One draw of random bits per backup, cut into the random choices
        # (a slight modulo bias does not matter here): far faster than
        # one random call per field.
        drawn = bits(256)
        hexid = f"{(drawn & _UUID_MASK) | _UUID_V4_BITS:032x}"
        drawn >>= 128
        drawn, micros = divmod(drawn, 60_000_000)
        drawn, status = divmod(drawn, len(_STATUSES))
        drawn, dimension = divmod(drawn, len(_DIMENSIONS))
        drawn, metric = divmod(drawn, len(_METRICS))
        drawn, tag_choice = divmod(drawn, len(_TAGS))
        drawn, record_count = divmod(drawn, 50_000_000)
        drawn, namespaces = divmod(drawn, 19)
        bytes_per_record = 400 + drawn % 12_600
        record_count += 1_000
        # One backup a minute, at a random second; the date part is cached per day.
        seconds = base_seconds + (number - start) * 60
        day, second_of_day = divmod(seconds, 86_400)
        stamp = day_stamps.get(day)
        if stamp is None:
            stamp = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT")
            day_stamps[day] = stamp
        tags = _TAGS[tag_choice]
        append(
            {
                "backup_id": (
                    f"{hexid[:8]}-{hexid[8:12]}-{hexid[12:16]}-{hexid[16:20]}-{hexid[20:]}"
                ),
                "source_index_name": index_name,
                "source_index_id": source_id,
                "status": _STATUSES[status],
                "cloud": "aws",
                "region": "us-east-1",
                "name": f"{index_name}-backup-{number:06d}",
                "description": f"Scheduled backup {number} of {index_name}",
                "dimension": _DIMENSIONS[dimension],
                "metric": _METRICS[metric],
                "record_count": record_count,
                "namespace_count": namespaces + 1,
                "size_bytes": record_count * bytes_per_record,
                "tags": dict(tags) if tags is not None else None,
                "created_at": (
                    f"{stamp}{second_of_day // 3600:02d}:{second_of_day // 60 % 60:02d}:"
                    f"{micros // 1_000_000:02d}.{micros % 1_000_000:06d}Z"
                ),
            }
        )
    return made
