"""Keep API keys out of the ``pinecone_backups`` logger's records.

Messages are built so that no key goes into them, but a server can echo
anything, a key included, into the data a message names (a backup id, say).
Each client registers its key here for its lifetime; the filter replaces any
registered key in a record of the SDK's logger before a handler sees it.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections import Counter
from typing import Final

from ._config import LOGGER_NAME

REDACTED: Final = "***"


class SecretFilter(logging.Filter):
    """A logging filter that redacts every key a live client holds."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: Counter[str] = Counter()
        self._lock = threading.Lock()

    def register(self, owner: object, secret: str) -> None:
        """Redact ``secret`` for as long as ``owner`` is alive."""
        with self._lock:
            self._secrets[secret] += 1
        weakref.finalize(owner, self._release, secret)

    def _release(self, secret: str) -> None:
        with self._lock:
            self._secrets[secret] -= 1
            if self._secrets[secret] <= 0:
                del self._secrets[secret]

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = list(self._secrets)
        if not secrets:
            return True
        message = record.getMessage()
        redacted = message
        for secret in secrets:
            redacted = redacted.replace(secret, REDACTED)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


SECRETS: Final = SecretFilter()
logging.getLogger(LOGGER_NAME).addFilter(SECRETS)
