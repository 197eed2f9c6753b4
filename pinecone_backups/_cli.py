"""The ``pinecone-backups`` command: list and describe backups from a shell.

    pinecone-backups list INDEX [--limit N] [--pagination-token T] [--all] [--json]
    pinecone-backups describe BACKUP_ID [--json]
    pinecone-backups demo

The key comes from ``PINECONE_API_KEY`` only (never a flag: flags show in
process lists and shell history). Errors print one line to stderr and exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TextIO

from . import _config as C
from ._client import Client
from ._exceptions import PineconeBackupsError

if TYPE_CHECKING:
    from pinecone_backups_api.models import BackupModel as Backup

_DEMO_INDEX = "docs-example"
_DEMO_BACKUPS = 250


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pinecone-backups",
        description=(
            f"List and describe Pinecone backups (API {C.api_version()}). The API key is "
            f"read from {C.API_KEY_ENV}; the host from --base-url or {C.BASE_URL_ENV}."
        ),
    )
    parser.add_argument("--base-url", help=f"control plane URL (default {C.DEFAULT_BASE_URL})")
    parser.add_argument("--timeout", type=float, default=C.DEFAULT_TIMEOUT, help="seconds")
    parser.add_argument("--max-retries", type=int, default=C.DEFAULT_MAX_RETRIES)
    commands = parser.add_subparsers(dest="command", required=True)

    listing = commands.add_parser("list", help="list the backups of an index")
    listing.add_argument("index", help="index name")
    listing.add_argument(
        "--limit", type=int, help="page size, 1 to 100 (default: 10, or 100 with --all)"
    )
    listing.add_argument("--pagination-token", help="start from this page token")
    listing.add_argument("--all", action="store_true", help="walk every page")
    listing.add_argument("--json", action="store_true", help="one JSON object per backup")

    describe = commands.add_parser("describe", help="describe one backup")
    describe.add_argument("backup_id")
    describe.add_argument("--json", action="store_true", help="print the backup as JSON")

    commands.add_parser("demo", help="run against a local fake server: no key, no network")
    return parser


def _line(backup: Backup) -> str:
    created = backup.created_at.isoformat() if backup.created_at else "-"
    return "\t".join([backup.backup_id, backup.status, created, backup.name or "-"])


def _print_backups(backups: Iterable[Backup], as_json: bool, out: TextIO) -> int:
    count = 0
    for backup in backups:
        print(json.dumps(backup.to_dict()) if as_json else _line(backup), file=out)
        count += 1
    return count


def _describe(backup: Backup, as_json: bool, out: TextIO) -> None:
    if as_json:
        print(json.dumps(backup.to_dict(), indent=2), file=out)
        return
    for key, value in backup.to_dict().items():
        shown = (
            backup.created_at.isoformat() if key == "created_at" and backup.created_at else value
        )
        print(f"{key}: {json.dumps(shown) if isinstance(shown, dict | list) else shown}", file=out)


def _run_list(client: Client, args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    if args.all:
        backups = client.iter_backups(
            args.index,
            page_size=args.limit or C.DEFAULT_PAGE_SIZE,
            pagination_token=args.pagination_token,
        )
        _print_backups(backups, args.json, out)
        return
    page = client.list_backups(args.index, limit=args.limit, pagination_token=args.pagination_token)
    _print_backups(page.backups, args.json, out)
    if page.next_token is not None:
        print(f"more backups follow: --pagination-token {page.next_token}", file=err)


def _run_demo(out: TextIO) -> None:
    from .testing import FakePinecone

    with FakePinecone() as fake:
        fake.seed(_DEMO_INDEX, _DEMO_BACKUPS)
        print(
            f"fake Pinecone on {fake.base_url}, {_DEMO_BACKUPS} backups in {_DEMO_INDEX!r}",
            file=out,
        )
        with Client(api_key=fake.api_key, base_url=fake.base_url) as client:
            pages = list(client.iter_backup_pages(_DEMO_INDEX))
            backups = [b for page in pages for b in page.backups]
            print(
                f"listed {len(backups)} backups in {len(pages)} pages "
                f"({len(fake.requests)} requests, {fake.connections_opened} connection)",
                file=out,
            )
            for backup in backups[:3]:
                print("  " + _line(backup), file=out)
            print("  ...", file=out)
            described = client.describe_backup(backups[-1].backup_id)
            print(f"described {described.backup_id}:", file=out)
            _describe(described, False, out)


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; returns the exit status (0 ok, 1 API error, 2 usage)."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            _run_demo(out)
            return 0
        with Client(
            base_url=args.base_url, timeout=args.timeout, max_retries=args.max_retries
        ) as client:
            if args.command == "list":
                _run_list(client, args, out, err)
            else:
                _describe(client.describe_backup(args.backup_id), args.json, out)
    except PineconeBackupsError as exc:
        print(f"error: {exc}", file=err)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
