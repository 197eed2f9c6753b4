"""Every docstring example of the wrapper passes ``mypy --strict``.

The examples talk to a live API (a client, a backup id), so they are
type-checked rather than run: each becomes the body of an ``async def`` whose
parameters are the names the examples take as given (``client``,
``backup_id``, ``save_checkpoint``), ``client`` typed as the ``AsyncClient``
in the async client's docstrings and as the ``Client`` elsewhere.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import textwrap
from pathlib import Path
from types import ModuleType

import pinecone_backups
from tests.conftest import strict_mypy

MODULES = [
    "pinecone_backups",
    *sorted(
        f"pinecone_backups.{p.stem}"
        for p in Path(pinecone_backups.__file__).parent.glob("_*.py")
        if p.stem not in ("__init__", "__main__")
    ),
]


def _docstrings(module: ModuleType) -> list[tuple[str, str]]:
    """(where, docstring) of the module and of what it defines, methods included."""
    found = [(module.__name__, module.__doc__ or "")]
    for name, obj in vars(module).items():
        if getattr(obj, "__module__", None) != module.__name__:
            continue
        found.append((f"{module.__name__}.{name}", inspect.getdoc(obj) or ""))
        if inspect.isclass(obj):
            for member_name, member in vars(obj).items():
                target = member.fget if isinstance(member, property) else member
                doc = getattr(target, "__doc__", None)
                ours = str(getattr(target, "__module__", "")).startswith("pinecone_backups")
                if ours and (callable(target) or isinstance(member, property)):
                    found.append((f"{module.__name__}.{name}.{member_name}", doc or ""))
    return found


def examples() -> list[tuple[str, str]]:
    parser = doctest.DocTestParser()
    out = []
    for module_name in MODULES:
        for where, doc in _docstrings(importlib.import_module(module_name)):
            code = "".join(example.source for example in parser.get_examples(doc))
            if code:
                out.append((where, code))
    return out


def test_every_docstring_example_passes_a_strict_type_check(tmp_path: Path) -> None:
    found = examples()
    assert len(found) >= 10, found
    lines = [
        "from collections.abc import Callable",
        "from pinecone_backups import *  # noqa: F403",
        "",
    ]
    for number, (where, code) in enumerate(found):
        client_type = "AsyncClient" if ".AsyncClient" in where else "Client"
        lines += [
            f"# {where}",
            f"async def example_{number}(client: {client_type}, backup_id: str, "
            "save_checkpoint: Callable[[str | None], None]) -> None:",
            textwrap.indent(code, "    "),
        ]
    script = tmp_path / "docstring_examples.py"
    script.write_text("\n".join(lines), encoding="utf-8")
    result = strict_mypy(script, cache=tmp_path / "mypy")
    assert result.returncode == 0, result.stdout + "\n" + script.read_text()
