"""``python -m pinecone_backups.testing``: ``pinecone-backups fake-server``, same options."""

import sys

from .._cli import main

raise SystemExit(main(["fake-server", *sys.argv[1:]]))
