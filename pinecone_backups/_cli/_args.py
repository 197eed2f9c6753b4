"""The argument parser: commands, flags, their checks and their help.

Global options are accepted before or after the command (``pinecone-backups
--timeout 5 list idx`` and ``pinecone-backups list idx --timeout 5``): the
top-level parser holds them with their defaults, and every command's parser a
copy whose default is ``argparse.SUPPRESS``, so a copy only sets a value the
user typed after the command.

Parsing never calls ``sys.exit`` and never writes to ``sys.stdout``/
``sys.stderr`` directly: :class:`Parser` writes to the streams it was given and
raises :class:`ParserExit`, so ``main(argv, out=..., err=...)`` works in-process.
"""

from __future__ import annotations

import argparse
import ipaddress
import math
import sys
from dataclasses import dataclass
from typing import Any, NoReturn, Protocol

from .. import _config as C

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

EXIT_CODES = f"""\
exit status:
  {EXIT_OK}    success (an empty listing included; fake-server stopped by Ctrl-C or SIGTERM;
       wait: the backup is Ready)
  {EXIT_ERROR}    the API answered with an error, the network failed, the answer could not
       be read or printed, or the client is misconfigured (no API key, plain http
       to a remote host); wait: the backup failed, has an unknown status, or the
       wait timed out
  {EXIT_USAGE}    usage error: unknown command or flag, a bad flag value, a bad INDEX or
       BACKUP_ID, --limit with --pagination-token
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C)"""

DEFAULT_FAKE_SEED = "docs-example=250"


class Writer(Protocol):
    """What the command writes to: a text stream (``sys.stdout``, ``io.StringIO``, ...)."""

    def write(self, text: str, /) -> int: ...

    def flush(self) -> None: ...

    def isatty(self) -> bool: ...


class RedactingWriter:
    """A ``Writer`` that replaces the API key in everything written through it (see ``_redact``).

    The command's output shows what the server sent, and a server can echo
    the key into any field.
    """

    def __init__(self, target: Writer, secret: str) -> None:
        self._target = target
        self._secret = secret

    def write(self, text: str, /) -> int:
        from .._redact import redact

        self._target.write(redact(text, self._secret))
        return len(text)

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return self._target.isatty()


@dataclass
class Streams:
    out: Writer
    err: Writer


class ParserExit(Exception):
    """Raised instead of ``sys.exit`` by :class:`Parser` (help, version, usage errors)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that writes to given streams and raises instead of exiting."""

    def __init__(self, *, streams: Streams, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(**kwargs)
        self.streams = streams

    def _print_message(self, message: str, file: Any = None) -> None:
        # argparse passes sys.stdout for --help and --version, sys.stderr for errors.
        if message:
            (self.streams.out if file is sys.stdout else self.streams.err).write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._print_message(message)
        raise ParserExit(status)

    def error(self, message: str) -> NoReturn:
        self.streams.err.write(self.format_usage())
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


# -- value checks (argparse turns ArgumentTypeError into a usage error) --------------


def page_size(text: str) -> int:
    value = _int(text)
    if not C.MIN_PAGE_SIZE <= value <= C.MAX_PAGE_SIZE:
        raise argparse.ArgumentTypeError(
            f"must be from {C.MIN_PAGE_SIZE} to {C.MAX_PAGE_SIZE} (the API's page size range), "
            f"not {value}"
        )
    return value


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, not {text!r}") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text!r}")
    return value


def retries(text: str) -> int:
    value = _int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (no retry) or more, not {value}")
    return value


def port(text: str) -> int:
    value = _int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be from 0 (any free port) to 65535, not {value}")
    return value


def host(text: str) -> str:
    if text == "localhost":
        return text
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be an IPv4 address (127.0.0.1, 0.0.0.0) or localhost, not {text!r}"
        ) from None


def seed(text: str) -> tuple[str, int]:
    name, sep, count = text.rpartition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(
            f"must be INDEX=COUNT, such as docs-example=25, not {text!r}"
        )
    value = _int(count)
    if value < 0:
        raise argparse.ArgumentTypeError(f"COUNT must be 0 or more, not {value}")
    return name, value


def api_key(text: str) -> str:
    if not text or not (text.isascii() and text.isprintable()) or " " in text:
        raise argparse.ArgumentTypeError("must be printable ASCII without spaces")
    return text


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None


# -- the parser ------------------------------------------------------------------------


def _global_options(
    parser: argparse.ArgumentParser, *, suppress: bool, request_timeout: bool = True
) -> None:
    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    group = parser.add_argument_group("global options (before or after the command)")
    group.add_argument(
        "--base-url",
        metavar="URL",
        default=default(None),
        help=f"control plane URL (default: ${C.BASE_URL_ENV}, else {C.DEFAULT_BASE_URL})",
    )
    if request_timeout:  # `wait --timeout` is the whole wait's limit instead
        group.add_argument(
            "--timeout",
            metavar="SECONDS",
            type=seconds,
            default=default(C.DEFAULT_TIMEOUT),
            help=f"time limit of each attempt of a request (default: {C.DEFAULT_TIMEOUT:g})",
        )
    group.add_argument(
        "--max-retries",
        metavar="N",
        type=retries,
        default=default(C.DEFAULT_MAX_RETRIES),
        help="retries of a request after a 408, 429, 5xx, timeout or connection error; "
        f"0 disables them (default: {C.DEFAULT_MAX_RETRIES})",
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=default(0),
        help="log retries and warnings to stderr; twice (-vv) also every request "
        "(default: no log output)",
    )


def build(streams: Streams, version: str) -> tuple[Parser, dict[str, Parser]]:
    """The top-level parser, and by name the parsers of the commands that call the API.

    ``main`` checks those commands' arguments further and reports a bad one
    with that command's own usage; ``demo`` and ``fake-server`` have nothing more to check.
    """
    parser = Parser(
        prog="pinecone-backups",
        description=(
            f"List and describe Pinecone backups (API {C.api_version()}).\n"
            f"The API key is read from ${C.API_KEY_ENV} only: a flag would show in\n"
            "process lists and shell history."
        ),
        epilog=EXIT_CODES,
        streams=streams,
    )
    parser.add_argument("--version", action="version", version=version)
    _global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str, description: str) -> Parser:
        sub: Parser = commands.add_parser(
            name, help=help, description=description, epilog=EXIT_CODES, streams=streams
        )
        return sub

    listing = command(
        "list",
        "list the backups of an index",
        "List the backups of INDEX: one page (the API's default size, 10) unless\n"
        "--all. A table by default; when more pages follow, the next token goes to\n"
        "stderr as 'more: --pagination-token TOKEN'.",
    )
    listing.add_argument("index", metavar="INDEX", help="index name")
    listing.add_argument(
        "--limit",
        metavar="N",
        type=page_size,
        help=f"backups per page, {C.MIN_PAGE_SIZE} to {C.MAX_PAGE_SIZE} (default: the API's, 10; "
        f"with --all {C.DEFAULT_PAGE_SIZE}); not with --pagination-token",
    )
    listing.add_argument(
        "--pagination-token",
        metavar="TOKEN",
        help="start at the page this token names (from 'more:' or next_token); "
        "keeps the page size it was made with (default: the first page)",
    )
    listing.add_argument(
        "--all", action="store_true", help="walk every page to the end (default: one page)"
    )
    formats = listing.add_mutually_exclusive_group()
    formats.add_argument(
        "--json",
        action="store_true",
        help='print one JSON document {"backups": [...], "next_token": ...} (default: a table)',
    )
    formats.add_argument(
        "--jsonl",
        action="store_true",
        help="print one JSON object per backup per line, as pages arrive (default: a table)",
    )
    _global_options(listing, suppress=True)

    describe = command("describe", "describe one backup", "Print every field of one backup.")
    describe.add_argument("backup_id", metavar="BACKUP_ID", help="the backup's id")
    describe.add_argument(
        "--json",
        action="store_true",
        help="print the backup as the JSON object the server sent (default: 'field: value' lines)",
    )
    _global_options(describe, suppress=True)

    wait = command(
        "wait",
        "wait until a backup is Ready",
        "Poll BACKUP_ID until it is Ready. Each status change goes to stderr; the\n"
        "backup, once Ready, to stdout. Exit 0 when Ready, 1 when it failed\n"
        "(Failed, InitializationFailed), has a status this version does not know,\n"
        "or --timeout passed first (each with its own message).",
    )
    wait.add_argument("backup_id", metavar="BACKUP_ID", help="the backup's id")
    wait.add_argument(
        "--timeout",
        dest="wait_timeout",
        metavar="SECONDS",
        type=seconds,
        default=C.DEFAULT_WAIT_TIMEOUT,
        help="how long to wait in all, polls and their retries included "
        f"(default: {C.DEFAULT_WAIT_TIMEOUT:g})",
    )
    wait.add_argument(
        "--poll-interval",
        metavar="SECONDS",
        type=seconds,
        default=C.WAIT_FIRST_POLL_INTERVAL,
        help="the first pause between polls; later ones grow by half up to 15 s "
        f"(default: {C.WAIT_FIRST_POLL_INTERVAL:g})",
    )
    wait.add_argument(
        "--json",
        action="store_true",
        help="print the Ready backup as the JSON object the server sent (default: lines)",
    )
    _global_options(wait, suppress=True, request_timeout=False)

    demo = command(
        "demo",
        "run against a local fake server: no key, no network",
        "Start a fake Pinecone on loopback, list a seeded index across pages, describe a backup.",
    )
    _global_options(demo, suppress=True)

    fake = command(
        "fake-server",
        "serve a fake Pinecone on loopback until Ctrl-C",
        "Serve a fake Pinecone backup API (pinecone_backups.testing.FakePinecone)\n"
        "until Ctrl-C or SIGTERM, then exit 0. Its URL and key go to stdout as shell\n"
        "lines (two comments, then two exports, the key's last): source or eval\n"
        "them to point this command, the SDKs or curl at it.",
    )
    fake.add_argument("--port", type=port, default=0, help="TCP port (default: 0, any free port)")
    fake.add_argument(
        "--host",
        type=host,
        default="127.0.0.1",
        help="IPv4 address to listen on (default: 127.0.0.1)",
    )
    fake.add_argument(
        "--seed",
        metavar="INDEX=COUNT",
        type=seed,
        action="append",
        help=f"create INDEX holding COUNT backups; repeatable (default: {DEFAULT_FAKE_SEED})",
    )
    fake.add_argument(
        "--api-key",
        metavar="KEY",
        type=api_key,
        help="the key the server accepts (default: a random fake-pinecone-... key)",
    )
    return parser, {"list": listing, "describe": describe, "wait": wait}
