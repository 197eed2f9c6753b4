"""Lines of code of the hand-written run-time package: what the size budget counts.

    python tools/loc.py            # pinecone_backups/, without testing/ and _cli/

A line counts when it holds code: blank lines, comments and docstrings (module,
class, function and attribute docstrings) do not. Standard library only.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT}
_SKIPPED |= {tokenize.DEDENT, tokenize.ENDMARKER}


def lines_of_code(source: str) -> int:
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        is_string = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if is_string and isinstance(node.value.value, str):  # type: ignore[attr-defined]
            docstrings.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    code: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in _SKIPPED:
            code.update(range(token.start[0], token.end[0] + 1))
    return len(code - docstrings)


def main(paths: list[str]) -> int:
    files = [Path(p) for p in paths] or sorted((ROOT / "pinecone_backups").glob("*.py"))
    total = 0
    for path in files:
        count = lines_of_code(path.read_text(encoding="utf-8"))
        total += count
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{count:6d}  {shown}")
    print(f"{total:6d}  total")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
