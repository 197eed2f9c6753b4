"""The ``pinecone-backups`` command: list and describe backups from a shell.

    pinecone-backups list INDEX [--limit N | --pagination-token T] [--all] [--json | --jsonl]
    pinecone-backups describe BACKUP_ID [--json]
    pinecone-backups wait BACKUP_ID [--timeout SECONDS] [--poll-interval SECONDS] [--json]
    pinecone-backups demo
    pinecone-backups fake-server [--port N] [--host H] [--seed INDEX=COUNT ...] [--api-key K]
    pinecone-backups --version

Global options, before or after the command: ``--base-url URL``, ``--timeout
SECONDS``, ``--max-retries N``, ``-v/--verbose``.

The key comes from ``PINECONE_API_KEY`` only (never a flag: flags show in
process lists and shell history) and never appears in the output. Errors print
one ``error: ...`` line to stderr (usage errors: the usage, then the error).

Exit status: 0 success (an empty listing included; ``fake-server`` stopped by
SIGINT or SIGTERM; ``wait``: the backup is Ready), 1 API, network, output or
configuration error (no key, plain http to a remote host; ``wait``: the backup
failed, has an unknown status, or the wait timed out), 2 usage error (bad flag or value, ``--limit``
with ``--pagination-token``), 130 interrupted (Ctrl-C).

Nothing is logged unless ``--verbose`` (``-v``: retries and warnings, ``-vv``:
every request too).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import re
import sys
import warnings
from collections.abc import Iterator, Sequence
from typing import TextIO
from urllib.parse import urlsplit

from .. import _config as C
from .._base import is_loopback
from .._client import Client
from .._exceptions import (
    AuthenticationError,
    ConfigurationError,
    InvalidArgumentError,
    PineconeBackupsError,
)
from .._redact import redact
from . import _args
from ._args import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    ParserExit,
    RedactingWriter,
    Streams,
    Writer,
)
from ._commands import run_demo, run_describe, run_list, run_wait
from ._render import UnrepresentableError, printable
from ._serve import ServeError

__all__ = ["main"]


class CliError(Exception):
    """A failure worded for the command line, with its exit status."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; returns the exit status (0, 1, 2 or 130: see the module doc)."""
    streams = Streams(out or sys.stdout, err or sys.stderr)
    try:
        parser, commands = _args.build(streams, version_line())
        args = parser.parse_args(argv)
        with _logging(args.verbose, streams.err):
            _dispatch(args, commands, streams)
    except ParserExit as exc:
        return exc.status
    except KeyboardInterrupt:
        streams.err.write("\ninterrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python from
        # complaining while it flushes stdout at exit.
        if streams.out is sys.stdout:
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), _stdout_fd())
        return EXIT_OK
    except CliError as exc:
        return _fail(streams, str(exc), exc.status)
    except ConfigurationError as exc:
        return _fail(streams, cli_words(str(exc)), EXIT_ERROR)
    except InvalidArgumentError as exc:
        return _fail(streams, cli_words(str(exc)), EXIT_USAGE)
    except AuthenticationError as exc:
        return _fail(streams, f"{exc} (check {C.API_KEY_ENV})", EXIT_ERROR)
    except (PineconeBackupsError, ServeError) as exc:
        return _fail(streams, str(exc), EXIT_ERROR)
    except UnrepresentableError as exc:
        message = f"the answer holds a number JSON cannot represent ({exc}); nothing more printed"
        return _fail(streams, message, EXIT_ERROR)
    return EXIT_OK


def _stdout_fd() -> int:
    return sys.stdout.fileno()


def version_line() -> str:
    from .. import __version__

    return f"pinecone-backups {__version__} (API {C.api_version()})"


def _fail(streams: Streams, message: str, status: int) -> int:
    streams.err.write(f"error: {printable(message)}\n")
    return status


def _dispatch(
    args: argparse.Namespace, commands: dict[str, _args.Parser], streams: Streams
) -> None:
    if args.command == "fake-server":
        from ._serve import run

        run(args, streams)
        return
    if args.command == "demo":
        run_demo(streams)
        return
    parser = commands[args.command]
    _check_arguments(args, parser)
    key = _check_api_key()
    _check_base_url(args.base_url)
    streams = Streams(RedactingWriter(streams.out, key), RedactingWriter(streams.err, key))
    # `wait --timeout` is the wait's own limit (args.wait_timeout); a --timeout
    # before the command still limits each request.
    with Client(
        base_url=args.base_url, timeout=args.timeout, max_retries=args.max_retries
    ) as client:
        if args.command == "list":
            run_list(client, args, streams)
        elif args.command == "wait":
            run_wait(client, args, streams)
        else:
            run_describe(client, args, streams)


# -- checks made before any client is built, worded for the command line ------------


def _check_arguments(args: argparse.Namespace, parser: _args.Parser) -> None:
    if args.command == "list":
        _check_path_value(args.index, "INDEX", parser)
        if args.limit is not None and args.pagination_token is not None:
            parser.error(
                "--limit cannot be used with --pagination-token: a token carries the page "
                "size it was made with, and another --limit beside it would skip or repeat "
                "backups; resume with the token alone"
            )
        if args.pagination_token is not None:
            if not args.pagination_token:
                parser.error("--pagination-token must not be empty")
            _check_utf8(args.pagination_token, "--pagination-token", parser)
    else:
        _check_path_value(args.backup_id, "BACKUP_ID", parser)


def _check_path_value(value: str, what: str, parser: _args.Parser) -> None:
    if not value:
        parser.error(f"{what} must not be empty")
    if value in (".", ".."):
        parser.error(f"{what} {value!r} is not allowed: it would address another endpoint")
    _check_utf8(value, what, parser)


def _check_utf8(value: str, what: str, parser: _args.Parser) -> None:
    try:
        value.encode()
    except UnicodeEncodeError:
        parser.error(f"{what} is not valid UTF-8 ({printable(value)})")


def _check_api_key() -> str:
    key = os.environ.get(C.API_KEY_ENV)
    if key is None:
        raise CliError(f"no API key: set {C.API_KEY_ENV}")
    if not key.strip():
        raise CliError(f"{C.API_KEY_ENV} is empty: set it to your API key")
    if key != key.strip() or not (key.isascii() and key.isprintable()):
        raise CliError(
            f"{C.API_KEY_ENV} has whitespace, control or non-ASCII characters, which no "
            "Pinecone key has: copy the key again"
        )
    return key


def _check_base_url(flag: str | None) -> None:
    text = flag or os.environ.get(C.BASE_URL_ENV) or C.DEFAULT_BASE_URL
    source = "--base-url" if flag else f"${C.BASE_URL_ENV}"
    try:
        parts = urlsplit(text.strip() if "://" in text else "https://" + text.strip())
        scheme, host = parts.scheme, parts.hostname
    except ValueError:
        scheme, host = "", None
    if scheme not in ("http", "https") or not host:
        raise CliError(
            f"{source} {text!r} is not an http(s) URL with a host, such as {C.DEFAULT_BASE_URL}"
        )
    if scheme == "http" and not is_loopback(host):
        raise CliError(
            f"{source} {text!r} is plain http to a host that is not loopback: the API key "
            "would travel unencrypted; use https"
        )


# The SDK's words for its arguments, and the flags they come from on the command line.
_SDK_TO_CLI = (
    (re.compile(r"pass api_key=\.\.\. or set (the )?"), "set "),
    (re.compile(r",? (or )?pass allow_insecure_http=True( if you really mean it)?"), ""),
    (re.compile(r" or an httpx\.Timeout"), ""),
    (re.compile(r"\bhttpx\.Timeout\b"), "--timeout"),
    (re.compile(r"(?<![-\w])api_key\b"), f"${C.API_KEY_ENV}"),
    (re.compile(r"(?<![-\w])base_url\b"), "--base-url"),
    (re.compile(r"(?<![-\w])(page_size|limit)\b"), "--limit"),
    (re.compile(r"(?<![-\w])pagination_token\b"), "--pagination-token"),
    (re.compile(r"(?<![-\w])max_retries\b"), "--max-retries"),
    (re.compile(r"(?<![-\w])timeout\b"), "--timeout"),
    (re.compile(r"(?<![-\w])index_name\b"), "INDEX"),
    (re.compile(r"(?<![-\w])backup_id\b"), "BACKUP_ID"),
)


def cli_words(message: str) -> str:
    """An SDK configuration or argument message in the command line's terms.

    The command checks what it can before building a client, in its own words;
    this catches whatever the SDK still refuses.
    """
    for pattern, replacement in _SDK_TO_CLI:
        message = pattern.sub(replacement, message)
    return message


@contextlib.contextmanager
def _logging(verbose: int, err: Writer) -> Iterator[None]:
    """Silence the SDK's logger and Python warnings, or show them on ``err`` with ``-v``.

    Without a handler, Python would print the SDK's WARNING records (retries)
    on stderr through its last-resort handler. Everything is put back on exit,
    so in-process callers keep their own logging.
    """
    logger = logging.getLogger(C.LOGGER_NAME)
    handler: logging.Handler
    if verbose:
        handler = logging.StreamHandler(err)
        handler.setFormatter(_Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
        key = os.environ.get(C.API_KEY_ENV)
        if key:
            handler.addFilter(_Redact(key))
    else:
        handler = logging.NullHandler()
    level = logger.level
    logger.addHandler(handler)
    if verbose:
        logger.setLevel(logging.INFO if verbose == 1 else logging.DEBUG)
    try:
        with warnings.catch_warnings():
            if not verbose:
                warnings.simplefilter("ignore")
            yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))


class _Redact(logging.Filter):
    def __init__(self, secret: str) -> None:
        super().__init__()
        self._secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message, self._secret)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
