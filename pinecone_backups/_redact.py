"""Keep API keys out of messages, exception chains and log records.

The rule, in three parts:

1. The SDK never writes a key into a message itself: no message quotes a
   request header, and a request target in a message is its path alone (the
   query, which holds server-made page tokens, is left out).
2. Whatever a server sends back (a body, a reason phrase, a request-id header,
   a token that ends up in a URL) may echo the key. A value quoted from a
   server goes through :func:`redact`: a key of ``MIN_REDACTED_KEY_LENGTH``
   (8) characters or more is replaced by ``***`` wherever it appears; a whole
   value equal to the key is replaced whatever its length
   (:func:`redact_value`).
3. Shorter keys are not replaced inside longer text. A key of one to seven
   characters (``k``, ``e``, ``docs``) is a test dummy, never a real Pinecone
   key, and replacing it inside words would turn ``Connection refused`` into
   ``Conn***ction r***fus***d``.

Log records: each client registers its key here for its lifetime; ``SECRETS``
filters the records of the SDK's logger and of httpx's and httpcore's own
loggers (httpx logs every request's URL and reason phrase at INFO, httpcore
the raw response headers at DEBUG). A filter on a logger only sees records
logged to that very logger, not to its children, so it is installed on each
of their names (``LOGGERS``).
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import weakref
from collections import Counter
from typing import Final

from ._config import LOGGER_NAME, MIN_REDACTED_KEY_LENGTH

REDACTED: Final = "***"

LOGGERS: Final = (
    LOGGER_NAME,
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)
"""Every logger that may hold a value a server sent while the SDK handles a call."""

_MAX_CHAIN = 16
"""Exceptions of a ``__cause__``/``__context__`` chain scrubbed, at most."""


def redact(text: str, secret: str) -> str:
    """``text`` with ``secret`` replaced by ``***``: everywhere when it is long, else whole only.

    A secret shorter than ``MIN_REDACTED_KEY_LENGTH`` is replaced only when it
    is the whole of ``text`` (see the module doc: the trap is mangling words).
    """
    if not secret:
        return text
    if text == secret:
        return REDACTED
    if len(secret) >= MIN_REDACTED_KEY_LENGTH:
        return text.replace(secret, REDACTED)
    return text


def redact_value(value: str | None, secret: str) -> str | None:
    """A single value a server sent (a code, a request id), redacted; None stays None."""
    return None if value is None else redact(value, secret)


def scrub_chain(error: BaseException, secret: str) -> None:
    """Redact ``secret`` in the messages of ``error``'s causes, so a traceback cannot show it.

    A chained cause (an httpx or h11 error) may quote what the server sent, a
    status line for one. Only a message whose text changes is rewritten.
    """
    seen: set[int] = set()
    current: BaseException | None = error.__cause__ or error.__context__
    while current is not None and id(current) not in seen and len(seen) < _MAX_CHAIN:
        seen.add(id(current))
        args = current.args
        if len(args) == 1 and isinstance(args[0], str):
            cleaned = redact(args[0], secret)
            if cleaned != args[0]:
                current.args = (cleaned,)
        current = current.__cause__ or current.__context__


class SecretFilter(logging.Filter):
    """A logging filter that redacts every key a live client holds (see ``redact``).

    A client's key is released by a ``weakref.finalize`` callback, which the
    garbage collector may run at any allocation, including one made while this
    registry holds its lock. So the callback takes no lock: it only puts the
    key on a ``queue.SimpleQueue`` (whose ``put`` is safe there), and the
    releases are applied under the lock by the next ``register`` or ``filter``.
    """

    def __init__(self) -> None:  # pragma: no mutate block (runs at import)
        super().__init__()
        self._secrets: Counter[str] = Counter()
        self._released: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._lock = threading.Lock()

    def register(self, owner: object, secret: str) -> None:
        """Redact ``secret`` for as long as ``owner`` is alive."""
        with self._lock:
            self._apply_releases()
            self._secrets[secret] += 1
        weakref.finalize(owner, self._released.put, secret)

    def _apply_releases(self) -> None:
        while not self._released.empty():
            secret = self._released.get_nowait()
            self._secrets[secret] -= 1
            if self._secrets[secret] <= 0:
                del self._secrets[secret]

    def after_fork_in_child(self) -> None:  # pragma: no mutate block (forked child)
        """A fresh lock: another thread of the parent may have held this one at the fork."""
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._released.empty():
            with self._lock:
                self._apply_releases()
        secrets = [s for s in list(self._secrets) if len(s) >= MIN_REDACTED_KEY_LENGTH]
        if not secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not format: leave it to logging
            return True
        redacted = message
        for secret in secrets:
            redacted = redacted.replace(secret, REDACTED)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


SECRETS: Final = SecretFilter()
for _name in LOGGERS:
    logging.getLogger(_name).addFilter(SECRETS)
os.register_at_fork(after_in_child=SECRETS.after_fork_in_child)
