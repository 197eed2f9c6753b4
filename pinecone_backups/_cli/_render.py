"""What the command prints: safe text, the backup table, JSON documents.

Everything a server sends is shown through :func:`printable`, so a backup name
cannot forge table rows, move the cursor or colour the terminal. JSON output
is always valid JSON: :func:`to_json` refuses NaN and Infinity (raising
:class:`UnrepresentableError`) and escapes everything outside ASCII, lone
surrogates included.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from datetime import UTC
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pinecone_backups_api.models import BackupModel as Backup

    from ._args import Writer


# Control (C0, DEL, C1), format (bidi overrides, zero-width), surrogate,
# private-use and unassigned code points, and the line/paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_SHORT_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}

HEADERS = ("BACKUP ID", "NAME", "STATUS", "CREATED", "RECORDS", "SIZE")
_RIGHT_ALIGNED = frozenset({"RECORDS", "SIZE"})
_GAP = "  "
_MISSING = "-"


class UnrepresentableError(ValueError):
    """A value JSON cannot carry (NaN or Infinity): printing it would not be JSON."""


def printable(text: object) -> str:
    """``text`` with every control, format or separator character escaped, and ``\\`` doubled.

    Escapes are Python's (``\\t``, ``\\n``, ``\\x1b``, ``\\u202e``, ``\\U000e0001``), so the
    result is one line that shows exactly what was sent and changes nothing on
    the terminal.
    """
    out: list[str] = []
    for char in str(text):
        if char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
        elif unicodedata.category(char) in _UNSAFE_CATEGORIES:
            out.append(ascii(char)[1:-1])  # \x1b, \u202e or \U000e0001
        else:
            out.append(char)
    return "".join(out)


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide East Asian characters 2, combining marks 0."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def human_size(size: int | None) -> str:
    """``1536`` -> ``1.5 KiB``; bytes below 1024 as they are."""
    if size is None:
        return _MISSING
    if abs(size) < 1024:
        return f"{size} B"
    value = size / 1024
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        if abs(value) < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} PiB"


def row(backup: Backup) -> tuple[str, ...]:
    """The table cells of one backup, already escaped."""
    created = backup.created_at
    return (
        printable(backup.backup_id),
        printable(backup.name) if backup.name is not None else _MISSING,
        printable(backup.status),
        created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if created else _MISSING,
        str(backup.record_count) if backup.record_count is not None else _MISSING,
        human_size(backup.size_bytes),
    )


class Table:
    """A table printed in batches, header first, columns aligned.

    Widths are computed over the rows of each batch and only ever grow: a
    single page is aligned exactly; during ``--all`` every page is aligned,
    and a later page with a wider cell widens that column from there on.
    The last column, SIZE, is aligned right, so no line ends in spaces.
    """

    def __init__(self, out: Writer) -> None:
        self._out = out
        self._widths = [display_width(h) for h in HEADERS]
        self._header_printed = False

    def print_rows(self, rows: Sequence[tuple[str, ...]]) -> None:
        """Print ``rows`` (cells from :func:`row`), preceded by the header the first time."""
        if not rows:
            return
        for cells in rows:
            for i, cell in enumerate(cells):
                self._widths[i] = max(self._widths[i], display_width(cell))
        lines = [] if self._header_printed else [self._format(HEADERS)]
        self._header_printed = True
        lines.extend(self._format(cells) for cells in rows)
        self._out.write("\n".join(lines) + "\n")
        self._out.flush()

    def _format(self, cells: Sequence[str]) -> str:
        parts = []
        for i, (name, cell) in enumerate(zip(HEADERS, cells, strict=True)):
            pad = " " * (self._widths[i] - display_width(cell))
            parts.append(pad + cell if name in _RIGHT_ALIGNED else cell + pad)
        return _GAP.join(parts)


def describe_lines(backup: Backup) -> list[str]:
    """``key: value`` lines for one backup, in the server's order, every value escaped."""
    lines = []
    for key, value in backup.to_dict().items():
        if key == "created_at" and backup.created_at is not None:
            shown = backup.created_at.isoformat()
        elif isinstance(value, dict | list):
            shown = to_json(value, indent=None)
        elif value is None:
            shown = "null"
        else:
            shown = str(value)
        lines.append(f"{printable(key)}: {printable(shown)}")
    return lines


def to_json(value: object, *, indent: int | None = 2) -> str:
    """``value`` as JSON text that every JSON parser accepts (``json.dumps`` escapes non-ASCII).

    Raises:
        UnrepresentableError: ``value`` holds NaN or Infinity, or is nested
            too deeply even for one line.
    """
    try:
        try:
            return json.dumps(value, indent=indent, allow_nan=False)
        except RecursionError:
            # Indented output is written by Python code, a few frames per level;
            # the C encoder reaches as deep as the parser did: same JSON, one line.
            return json.dumps(value, allow_nan=False)
    except RecursionError:
        raise UnrepresentableError("the value is nested too deeply to print") from None
    except ValueError as exc:
        raise UnrepresentableError(str(exc)) from None
