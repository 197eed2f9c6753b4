"""``python -m pinecone_backups``: the same as the ``pinecone-backups`` command."""

from ._cli import main

raise SystemExit(main())
