"""pinecone-backups: a small, exact Python SDK for Pinecone's backup API.

List the backups of an index, page by page or all at once, and describe one
backup, against API version ``2025-10`` (see ``API_VERSION``).

Example:
    >>> from pinecone_backups import Client
    >>> with Client() as client:  # key from PINECONE_API_KEY
    ...     for backup in client.iter_backups("docs-example"):
    ...         print(backup.backup_id, backup.status, backup.created_at)

For offline tests of your own code, ``pinecone_backups.testing.FakePinecone``
serves the same two endpoints on loopback.
"""

from typing import TYPE_CHECKING

from ._base import Backoff
from ._client import AsyncClient, Client, IndexBackups
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BackupFailedError,
    BackupWaitError,
    BackupWaitTimeoutError,
    BadRequestError,
    ConfigurationError,
    InvalidArgumentError,
    MalformedResponseError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    PineconeBackupsError,
    RateLimitError,
    ServerError,
    UnexpectedStatusError,
    UnknownBackupStatusError,
)
from ._models import Backup, Page

__version__ = "0.1.0"

if TYPE_CHECKING:
    API_VERSION: str
    """The API version every request pins, from the spec (``X-Pinecone-Api-Version``)."""
else:

    def __getattr__(name: str) -> str:
        # Read on first use: it lives in the generated package, which
        # ``import pinecone_backups`` does not load.
        if name == "API_VERSION":
            from ._config import api_version

            return api_version()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "API_VERSION",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClient",
    "AuthenticationError",
    "Backoff",
    "Backup",
    "BackupFailedError",
    "BackupWaitError",
    "BackupWaitTimeoutError",
    "BadRequestError",
    "Client",
    "ConfigurationError",
    "IndexBackups",
    "InvalidArgumentError",
    "MalformedResponseError",
    "NotFoundError",
    "Page",
    "PaginationError",
    "PermissionDeniedError",
    "PineconeBackupsError",
    "RateLimitError",
    "ServerError",
    "UnexpectedStatusError",
    "UnknownBackupStatusError",
]
