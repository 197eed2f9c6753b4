"""The ``list``, ``describe``, ``wait`` and ``demo`` commands."""

from __future__ import annotations

import argparse
import shlex
from typing import TYPE_CHECKING

from .. import _config as C
from .._client import Client
from .._models import Page
from ._args import Streams, Writer
from ._render import Table, describe_lines, printable, row, to_json

if TYPE_CHECKING:
    from pinecone_backups_api.models import BackupModel as Backup

_DEMO_INDEX = "docs-example"
_DEMO_BACKUPS = 250
_ERASE_LINE = "\r\x1b[K"


class _Progress:
    """One status line on stderr during ``--all``, only when stderr is a terminal.

    It is erased before anything else is printed and at the end, so it never
    mixes with the output.
    """

    def __init__(self, err: Writer, index: str, enabled: bool) -> None:
        self._err, self._index, self._enabled = err, printable(index), enabled
        self._shown = False

    def show(self, backups: int, pages: int) -> None:
        if self._enabled:
            self._err.write(
                f"{_ERASE_LINE}listing {self._index}: {backups} backups in {pages} pages..."
            )
            self._err.flush()
            self._shown = True

    def erase(self) -> None:
        if self._shown:
            self._err.write(_ERASE_LINE)
            self._err.flush()
            self._shown = False


class _Listing:
    """Prints pages in one format: ``table``, ``json`` (one document at the end) or ``jsonl``."""

    def __init__(self, form: str, out: Writer) -> None:
        self._form, self._out = form, out
        self._table = Table(out)
        self._kept: list[object] = []
        self.count = 0

    def add(self, backups: list[Backup]) -> None:
        self.count += len(backups)
        if self._form == "table":
            self._table.print_rows([row(b) for b in backups])
        elif self._form == "jsonl":
            if backups:
                self._out.write("".join(to_json(b.to_dict(), indent=None) + "\n" for b in backups))
                self._out.flush()
        else:
            self._kept.extend(b.to_dict() for b in backups)

    def finish(self, next_token: str | None) -> None:
        if self._form == "json":
            document = {"backups": self._kept, "next_token": next_token}
            self._out.write(to_json(document) + "\n")
            self._out.flush()


def run_list(client: Client, args: argparse.Namespace, streams: Streams) -> None:
    form = "json" if args.json else "jsonl" if args.jsonl else "table"
    listing = _Listing(form, streams.out)
    if args.all:
        progress = _Progress(streams.err, args.index, streams.err.isatty())
        pages = client.iter_backup_pages(
            args.index,
            page_size=args.limit or C.DEFAULT_PAGE_SIZE,
            pagination_token=args.pagination_token,
        )
        try:
            for number, page in enumerate(pages, start=1):
                progress.erase()
                listing.add(page.backups)
                progress.show(listing.count, number)
        finally:
            progress.erase()
        next_token = None
    else:
        one: Page = client.list_backups(
            args.index, limit=args.limit, pagination_token=args.pagination_token
        )
        listing.add(one.backups)
        next_token = one.next_token
    listing.finish(next_token)
    if listing.count == 0 and form != "json":
        where = "on this page" if args.pagination_token else f"in {printable(args.index)}"
        print(f"no backups {where}", file=streams.err)
    if next_token is not None:
        print(f"more: --pagination-token {shlex.quote(printable(next_token))}", file=streams.err)


def run_describe(client: Client, args: argparse.Namespace, streams: Streams) -> None:
    backup = client.describe_backup(args.backup_id)
    text = to_json(backup.to_dict()) if args.json else "\n".join(describe_lines(backup))
    streams.out.write(text + "\n")


def run_wait(client: Client, args: argparse.Namespace, streams: Streams) -> None:
    def show(backup: Backup) -> None:
        streams.err.write(f"status: {printable(backup.status)}\n")
        streams.err.flush()

    backup = client.wait_for_backup(
        args.backup_id,
        timeout=args.wait_timeout,
        poll_interval=args.poll_interval,
        on_status=show,
    )
    text = to_json(backup.to_dict()) if args.json else "\n".join(describe_lines(backup))
    streams.out.write(text + "\n")


def run_demo(streams: Streams) -> None:
    from ..testing import FakePinecone

    out = streams.out
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
            Table(out).print_rows([row(b) for b in backups[:3]])
            print("...", file=out)
            described = client.describe_backup(backups[-1].backup_id)
            print(f"described {described.backup_id}:", file=out)
            print("\n".join("  " + line for line in describe_lines(described)), file=out)
