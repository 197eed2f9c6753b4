"""``pinecone-backups fake-server``: a FakePinecone for shells, scripts and other languages.

stdout carries only shell lines, so it can be sourced or eval'd: two comments
(the URL, the seeded indexes) and two ``export`` lines, the API key's last.
Once that line is printed the server accepts connections. It serves until
SIGINT (Ctrl-C) or SIGTERM, then stops and exits 0.
"""

from __future__ import annotations

import argparse
import shlex
import signal
import time
from types import FrameType

from .. import _config as C
from ._args import DEFAULT_FAKE_SEED, Streams, seed
from ._render import printable

_POLL_SECONDS = 0.1


class ServeError(Exception):
    """The server could not start (the port is taken, say)."""


def run(args: argparse.Namespace, streams: Streams) -> None:
    from ..testing import FakePinecone

    fake = FakePinecone(api_key=args.api_key, port=args.port, host=args.host)
    seeds: list[tuple[str, int]] = args.seed or [seed(DEFAULT_FAKE_SEED)]
    for name, count in seeds:
        if count:
            fake.seed(name, count)
        else:
            fake.add_index(name)
    try:
        fake.start()
    except OSError as exc:
        raise ServeError(
            f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}"
        ) from None
    try:
        lines = [
            f"# fake Pinecone (API {C.api_version()}) on {fake.base_url}; "
            "stop it with Ctrl-C or SIGTERM",
            "# " + ", ".join(f"{printable(name)}: {count} backups" for name, count in seeds),
            f"export {C.BASE_URL_ENV}={shlex.quote(fake.base_url)}",
            f"export {C.API_KEY_ENV}={shlex.quote(fake.api_key)}",
        ]
        streams.out.write("\n".join(lines) + "\n")
        streams.out.flush()
        signum = wait_for_stop_signal()
    finally:
        fake.stop()
    streams.err.write(
        f"fake Pinecone stopped ({signal.Signals(signum).name}) "
        f"after {len(fake.requests)} requests\n"
    )


def wait_for_stop_signal() -> int:
    """Block until SIGINT or SIGTERM arrives; returns its number.

    Only from the main thread (the only one that can install signal handlers).
    """
    received: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not received:
            time.sleep(_POLL_SECONDS)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return received[0]
