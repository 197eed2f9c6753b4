"""What every owned connection pool is built with, made once per process.

* One TLS context for every client: building one (loading the CA bundle)
  costs tens of milliseconds, and httpx builds a new one for each client it
  makes. An ``ssl.SSLContext`` holds no sockets or threads, so sharing it
  across threads and across ``fork`` is safe. It is keyed by
  ``SSL_CERT_FILE`` and ``SSL_CERT_DIR``, which httpx honours, so changing
  them still takes effect for the next client.
* Limits that keep alive every connection the pool may open: with fewer
  kept alive, httpcore 1.0.9 closes an idle connection whenever the pool
  holds more than the keep-alive count, so a busy pool reconnects (a TLS
  handshake each time) instead of reusing.
"""

from __future__ import annotations

import functools
import os
import ssl

import httpx

from . import _config as C


def ssl_context() -> ssl.SSLContext:
    """The TLS context of every pool this process builds (per CA settings)."""
    return _ssl_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


@functools.cache
def _ssl_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    # The arguments only key the cache: httpx reads the same variables itself.
    return httpx.create_ssl_context(verify=True, trust_env=True)


def limits() -> httpx.Limits:
    """``MAX_CONNECTIONS`` connections, all of them kept alive between requests."""
    return httpx.Limits(
        max_connections=C.MAX_CONNECTIONS,
        max_keepalive_connections=C.MAX_KEEPALIVE_CONNECTIONS,
    )
