"""A fake Pinecone backup API on real HTTP, for testing backup tooling offline.

:class:`FakePinecone` serves the two backup operations of the control plane,
``GET /indexes/{index_name}/backups`` and ``GET /backups/{backup_id}``, from
memory, on a real HTTP/1.1 server bound to ``127.0.0.1`` on a free port. It
checks the ``Api-Key`` and ``X-Pinecone-Api-Version`` headers, validates
``limit``, pages with opaque tokens and answers errors with the API's JSON
``ErrorResponse`` body, the way the real API does, including its rough edges
(a token sent with a different ``limit`` skips or repeats rows; the last page
carries ``"pagination": null``). Programmable :class:`Fault` objects make it
misbehave on demand: rate limiting, server errors, HTML or empty bodies from a
proxy, truncated bodies, dropped connections, slow answers, redirects. A
backup's status can be scripted over time (``add_backup(..., statuses=[...])``,
one entry per describe), to test code that waits for a backup.

Every request the server receives is kept in :attr:`FakePinecone.requests`.

The module uses the standard library only; any HTTP client can talk to it.

Example::

    import httpx
    from pinecone_backups.testing import Fault, FakePinecone

    with FakePinecone() as fake:
        fake.seed("docs-example", 25)
        fake.inject(Fault.rate_limited(retry_after="1"))
        headers = {"Api-Key": fake.api_key, "X-Pinecone-Api-Version": "2025-10"}
        with httpx.Client(base_url=fake.base_url, headers=headers) as http:
            assert http.get("/indexes/docs-example/backups").status_code == 429
            page = http.get("/indexes/docs-example/backups", params={"limit": 10}).json()
            assert len(page["data"]) == 10 and page["pagination"]["next"]
"""

from ._fake import FakePinecone
from ._faults import Fault
from ._records import OMIT, RecordedRequest

__all__ = ["OMIT", "FakePinecone", "Fault", "RecordedRequest"]
