"""Every ```python block of README.md runs, as written, against a FakePinecone.

Each block is written to a file and run as a script in a fresh interpreter,
with ``PINECONE_API_KEY`` and ``PINECONE_CONTROLLER_HOST`` pointing at a
``FakePinecone`` that holds the indexes and backups the README names: the
index names passed to the client's calls, and every backup id (a UUID) the
README quotes. A block that is not meant to run says so, with its reason, in
an HTML comment right before it: ``<!-- not run: needs your proxy -->``; it is
reported as skipped with that reason. Blocks of other languages (bash, the
error tree) are not run.

The test reads the README afresh, so it follows whatever the blocks say.
"""

from __future__ import annotations

import ast
import inspect
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pinecone_backups import AsyncClient, Backoff, Client
from pinecone_backups.testing import FakePinecone
from tests.conftest import ROOT, strict_mypy

README = ROOT / "README.md"
BLOCK_TIMEOUT = 60.0
"""Seconds one block may take; a block past it fails (its process is killed)."""

BASE_INDEXES = ("docs-example", "a", "b", "c")
"""Indexes the fake always holds, whatever the README names."""
BACKUPS_PER_INDEX = 250
"""Enough for several pages of 100, and for ``limit=10`` to leave a next page."""

_FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<info>[^`\n]*)$")
_NOT_RUN = re.compile(r"^\s*<!--\s*not run:\s*(?P<reason>.*?)\s*-->\s*$")
_CALL_WITH_INDEX = re.compile(
    r"\b(?:list_backups|iter_backups|iter_backup_pages)\(\s*(?P<q>['\"])(?P<name>[^'\"\n]+)(?P=q)"
)
_INDEX_LIST = re.compile(r"\biter_indexes_backups\(\s*\[(?P<names>[^\]]*)\]")
_QUOTED = re.compile(r"(?P<q>['\"])(?P<name>[^'\"\n]+)(?P=q)")
_SENDS = re.compile(
    r"\.(?:list_backups|iter_backups|iter_backup_pages|describe_backup|iter_indexes_backups)\("
)
_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")


@dataclass(frozen=True)
class Block:
    """One fenced code block of a Markdown document."""

    line: int
    """1-based line of the opening fence."""
    language: str
    code: str
    not_run: str | None
    """The reason given in a ``<!-- not run: ... -->`` comment right before it, if any."""

    @property
    def id(self) -> str:
        return f"README.md:{self.line}"


def fenced_blocks(text: str) -> Iterator[Block]:
    """Every fenced block, in order, with the not-run reason before it (blank lines allowed)."""
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        opening = _FENCE.match(lines[number])
        if opening is None:
            number += 1
            continue
        indent = opening["indent"]
        language = opening["info"].strip().split(" ")[0].lower()
        body: list[str] = []
        end = number + 1
        while end < len(lines) and lines[end].strip() != "```":
            line = lines[end]
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
            end += 1
        if end == len(lines):
            raise ValueError(f"README.md:{number + 1}: the ``` fence is never closed")
        before = number - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        marker = _NOT_RUN.match(lines[before]) if before >= 0 else None
        yield Block(number + 1, language, "\n".join(body) + "\n", marker and marker["reason"])
        number = end + 1


def python_blocks() -> list[Block]:
    return [b for b in fenced_blocks(README.read_text(encoding="utf-8")) if b.language == "python"]


def named_indexes(code: str) -> set[str]:
    """Index names the code passes to the client's calls, as string literals."""
    names = {m["name"] for m in _CALL_WITH_INDEX.finditer(code)}
    for listing in _INDEX_LIST.finditer(code):
        names.update(m["name"] for m in _QUOTED.finditer(listing["names"]))
    return names


def _params() -> list[object]:
    """The blocks that run; the others are type-checked instead (below)."""
    return [pytest.param(b, id=b.id) for b in python_blocks() if not b.not_run]


@pytest.fixture(scope="module")
def fake() -> Iterator[FakePinecone]:
    text = README.read_text(encoding="utf-8")
    code = "\n".join(b.code for b in fenced_blocks(text) if b.language == "python")
    with FakePinecone() as server:
        for index_name in sorted(set(BASE_INDEXES) | named_indexes(code)):
            server.seed(index_name, BACKUPS_PER_INDEX)
        for backup_id in sorted(set(_UUID.findall(text))):
            server.add_backup(BASE_INDEXES[0], backup_id=backup_id)
        yield server


@pytest.mark.parametrize("block", _params())
def test_readme_python_block_runs(block: Block, fake: FakePinecone, tmp_path: Path) -> None:
    script = tmp_path / f"readme_line_{block.line}.py"
    script.write_text(block.code, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PINECONE_", "PYTHON"))}
    env |= {
        "PINECONE_API_KEY": fake.api_key,
        "PINECONE_CONTROLLER_HOST": fake.base_url,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "generated")]),
        "NO_PROXY": "127.0.0.1,localhost",
    }
    before = len(fake.requests)
    try:
        result = subprocess.run(
            [sys.executable, str(script)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=BLOCK_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{block.id}: still running after {BLOCK_TIMEOUT} s\n{exc.stderr!r}")
    assert result.returncode == 0, f"{block.id} failed:\n{result.stdout}\n{result.stderr}"
    # The key must never reach a block's output, even at DEBUG level.
    assert fake.api_key not in result.stdout + result.stderr
    if _SENDS.search(block.code) and "FakePinecone(" not in block.code:
        # A block that calls the API through the environment's host talked to the fake.
        assert len(fake.requests) > before, f"{block.id} sent no request to the fake"


def test_readme_has_python_blocks_and_lists_the_ones_not_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocks = python_blocks()
    not_run = [b for b in blocks if b.not_run]
    with capsys.disabled():
        print(f"\nREADME.md: {len(blocks)} python blocks, {len(not_run)} not run")
        for block in not_run:
            print(f"  {block.id} not run: {block.not_run}")
    assert len(blocks) - len(not_run) >= 3
    assert all((b.not_run or "").strip() for b in not_run), "a not-run marker must give a reason"


def test_every_not_run_marker_stands_before_a_python_block() -> None:
    text = README.read_text(encoding="utf-8")
    markers = [n for n, line in enumerate(text.splitlines(), 1) if _NOT_RUN.match(line)]
    marked = {b.line for b in fenced_blocks(text) if b.not_run and b.language == "python"}
    lines = text.splitlines()
    for marker in markers:
        following = next(n for n in range(marker, len(lines)) if lines[n].strip())
        assert following + 1 in marked, f"README.md:{marker}: a not-run marker with no python block"


def test_extraction_finds_blocks_markers_and_names() -> None:
    sample = (
        "text\n\n<!-- not run: needs a proxy -->\n\n```python\nimport x\n```\n\n"
        "```bash\nnox\n```\n\n   ```python\n   client.iter_backups('idx-1')\n"
        '   async for r in c.iter_indexes_backups(["p", "q"]): pass\n   ```\n'
    )
    blocks = list(fenced_blocks(sample))
    assert [(b.line, b.language, b.not_run) for b in blocks] == [
        (5, "python", "needs a proxy"),
        (9, "bash", None),
        (13, "python", None),
    ]
    assert blocks[2].code.startswith("client.iter_backups('idx-1')\n")
    assert named_indexes(blocks[2].code) == {"idx-1", "p", "q"}
    with pytest.raises(ValueError, match="never closed"):
        list(fenced_blocks("```python\nopen"))


def test_readme_constructor_reference_names_every_argument_with_its_default() -> None:
    """The "Client constructor" block and table cover Client's real signature."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## The `Client` constructor", 1)[1].split("\n## ", 1)[0]
    (block,) = [b for b in fenced_blocks(section) if b.language == "python"]
    (call,) = [
        node.value
        for node in ast.walk(ast.parse(block.code))
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "Client"
    ]
    shown = {kw.arg: kw.value for kw in call.keywords}
    for cls in (Client, AsyncClient):
        parameters = dict(inspect.signature(cls).parameters)
        assert set(shown) == set(parameters), cls
    for name, parameter in inspect.signature(Client).parameters.items():
        value = ast.literal_eval(shown[name]) if isinstance(shown[name], ast.Constant) else None
        if name == "backoff":  # None stands for Backoff(): the block spells it out
            value = eval(ast.unparse(shown[name]), {"Backoff": Backoff})
            assert value == Backoff()
        else:
            assert value == parameter.default, name
        assert f"| `{name}` |" in section, f"the table has no row for {name}"


def test_blocks_not_run_pass_a_strict_type_check(tmp_path: Path) -> None:
    not_run = [b for b in python_blocks() if b.not_run]
    assert not_run, "no block is marked not run: drop this test"
    scripts = []
    for block in not_run:
        script = tmp_path / f"readme_line_{block.line}.py"
        script.write_text(block.code, encoding="utf-8")
        scripts.append(str(script))
    result = strict_mypy(*scripts, cache=tmp_path / "mypy")
    assert result.returncode == 0, result.stdout
