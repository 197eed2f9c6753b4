"""The SDK's version: the one place it is written.

pyproject.toml reads it (``[tool.hatch.version]``), ``pinecone_backups.__version__``
re-exports it. The SDK follows semantic versioning (see the README's "Versioning").
"""

__version__ = "0.1.0"
