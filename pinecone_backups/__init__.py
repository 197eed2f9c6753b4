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
    ResponseTooLargeError,
    ServerError,
    UnexpectedStatusError,
    UnknownBackupStatusError,
)
from ._models import Page
from ._version import __version__ as __version__

if TYPE_CHECKING:
    from pinecone_backups_api.models import BackupModel as Backup
    from pinecone_backups_api.models import MetadataFieldConfig, MetadataSchema

    API_VERSION: str
    """The API version every request pins, from the spec (``X-Pinecone-Api-Version``)."""
else:
    # The generated package (and attrs) load on first use, not with
    # ``import pinecone_backups``: importing stays about as cheap as httpx.
    _GENERATED = {
        "Backup": "BackupModel",
        "MetadataFieldConfig": "MetadataFieldConfig",
        "MetadataSchema": "MetadataSchema",
    }

    def __getattr__(name: str) -> object:
        if name == "API_VERSION":
            from ._config import api_version

            return api_version()
        if name in _GENERATED:
            import pinecone_backups_api.models

            return getattr(pinecone_backups_api.models, _GENERATED[name])
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
    "MetadataFieldConfig",
    "MetadataSchema",
    "NotFoundError",
    "Page",
    "PaginationError",
    "PermissionDeniedError",
    "PineconeBackupsError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServerError",
    "UnexpectedStatusError",
    "UnknownBackupStatusError",
]
