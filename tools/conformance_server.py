"""Serve the conformance cases of spec/conformance/ to runners in any language.

The server side of a conformance case is ``FakePinecone``
(``pinecone_backups.testing``): this module turns a case's ``setup`` and
``responses`` into a configured fake, and, as a program, runs a small control
server on loopback so that a runner written in another language can ask for a
fresh, configured fake before each case and read back the requests it received.

Control protocol (JSON over HTTP on 127.0.0.1; see spec/README.md):

* ``POST /reset`` with a case as the body: stops the previous fake, starts a
  fresh one configured as the case says, and answers
  ``{"base_url": ..., "api_key": ..., "api_version": ...}``. An invalid case is
  a 400 whose body lists the problems.
* ``GET /requests``: ``{"requests": [{"method", "path", "query", "headers"}]}``,
  every request the current fake received, in order; ``query`` maps each name
  to its list of values, header names are lower-case.

Usage::

    python tools/conformance_server.py -- node --test clients/node/test/conformance.test.js
    python tools/conformance_server.py            # serve until Ctrl-C, print the URL

With a command, the command runs with ``CONFORMANCE_CONTROL_URL`` and
``CONFORMANCE_CASES`` in its environment and its exit status is returned.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "spec" / "conformance"

if __name__ == "__main__":  # run as a script from a checkout: make the packages importable
    sys.path[:0] = [str(ROOT), str(ROOT / "generated")]

from pinecone_backups.testing import FakePinecone, Fault  # noqa: E402

OPERATIONS: Mapping[str, frozenset[str]] = {
    "list_backups": frozenset({"index_name", "limit", "pagination_token"}),
    "iter_backups": frozenset({"index_name", "page_size", "pagination_token"}),
    "iter_backup_pages": frozenset({"index_name", "page_size", "pagination_token"}),
    "describe_backup": frozenset({"backup_id"}),
    "wait_for_backup": frozenset({"backup_id", "timeout", "poll_interval", "max_poll_interval"}),
}
"""Each operation a case may call, with the arguments it takes."""

ERROR_KINDS = frozenset(
    {
        "InvalidArgumentError",
        "AuthenticationError",
        "BadRequestError",
        "PermissionDeniedError",
        "NotFoundError",
        "RateLimitError",
        "ServerError",
        "UnexpectedStatusError",
        "MalformedResponseError",
        "PaginationError",
        "APIConnectionError",
        "APITimeoutError",
        "BackupFailedError",
        "BackupWaitTimeoutError",
        "UnknownBackupStatusError",
    }
)
"""The error kinds a case may expect (spec/README.md says when each applies)."""

API_KEY_PLACEHOLDER = "<api key>"
TOKEN_PLACEHOLDER = re.compile(r"<next_token of page ([1-9][0-9]*)>")

_CASE_KEYS = frozenset(
    {"name", "description", "covers", "setup", "client", "call", "responses", "expect"}
)
_SETUP_KEYS = frozenset({"indexes", "last_page_pagination", "repeat_tokens", "statuses"})
_EXPECT_KEYS = frozenset({"requests", "result", "delivered", "error"})
_REQUEST_KEYS = frozenset({"method", "path", "query", "headers"})
_RESPONSE_KEYS = frozenset({"status", "headers", "body", "body_text"})
_ERROR_KEYS = frozenset(
    {
        "kind",
        "status",
        "code",
        "message_contains",
        "attempts",
        "page_number",
        "token",
        "backup_status",
        "statuses",
        "polls",
    }
)


def load_cases(directory: Path = CASES_DIR) -> list[dict[str, Any]]:
    """Every ``*.json`` case in ``directory``, sorted by file name."""
    return [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.json"))
    ]


def check_case(case: object) -> list[str]:
    """What is wrong with a case's shape (spec/README.md, "Case format"); empty when valid."""
    if not isinstance(case, dict):
        return ["a case must be a JSON object"]
    problems = [f"unknown key {key!r}" for key in sorted(case.keys() - _CASE_KEYS)]
    for key in ("name", "description"):
        if not isinstance(case.get(key), str) or not case[key]:
            problems.append(f"{key!r} must be a non-empty string")
    covers = case.get("covers", [])
    if not isinstance(covers, list) or not all(isinstance(tag, str) for tag in covers):
        problems.append("'covers' must be a list of strings")
    problems += _check_setup(case.get("setup", {}))
    client = case.get("client", {})
    if not isinstance(client, dict) or not client.keys() <= {"api_key"}:
        problems.append("'client' may only hold 'api_key'")
    call = case.get("call")
    if not isinstance(call, dict):
        call = {}
    operation = call.get("operation")
    if not isinstance(operation, str) or operation not in OPERATIONS:
        problems.append(f"'call.operation' must be one of {sorted(OPERATIONS)}")
    else:
        arguments = call.get("arguments", {})
        if not isinstance(arguments, dict):
            problems.append("'call.arguments' must be an object")
        else:
            problems += [
                f"{operation} takes no argument {name!r}"
                for name in sorted(arguments.keys() - OPERATIONS[operation])
            ]
    responses = case.get("responses", [])
    if not isinstance(responses, list):
        problems.append("'responses' must be a list")
    else:
        for number, response in enumerate(responses, 1):
            problems += [f"responses[{number}]: {p}" for p in _check_response(response)]
    problems += _check_expect(case.get("expect"), operation)
    return problems


def _check_setup(setup: object) -> list[str]:
    if not isinstance(setup, dict):
        return ["'setup' must be an object"]
    problems = [f"setup: unknown key {key!r}" for key in sorted(setup.keys() - _SETUP_KEYS)]
    indexes = setup.get("indexes", {})
    if not isinstance(indexes, dict) or not all(isinstance(v, list) for v in indexes.values()):
        problems.append("'setup.indexes' must map index names to lists of backups")
    if setup.get("last_page_pagination", "null") not in ("null", "absent"):
        problems.append('\'setup.last_page_pagination\' must be "null" or "absent"')
    if not isinstance(setup.get("repeat_tokens", False), bool):
        problems.append("'setup.repeat_tokens' must be a boolean")
    statuses = setup.get("statuses", {})
    known = {
        backup.get("backup_id")
        for backups in (indexes.values() if isinstance(indexes, dict) else [])
        if isinstance(backups, list)
        for backup in backups
        if isinstance(backup, dict)
    }
    if not isinstance(statuses, dict):
        problems.append("'setup.statuses' must map backup IDs to lists of statuses")
        statuses = {}
    for backup_id, steps in statuses.items():
        if backup_id not in known:
            problems.append(f"setup.statuses: {backup_id!r} is not a backup of setup.indexes")
        if (
            not isinstance(steps, list)
            or not steps
            or not all(step is None or isinstance(step, str) for step in steps)
        ):
            problems.append(
                f"setup.statuses[{backup_id!r}] must be a non-empty list of statuses or null"
            )
    return problems


def _check_response(response: object) -> list[str]:
    if not isinstance(response, dict):
        return ["must be an object"]
    problems = [f"unknown key {key!r}" for key in sorted(response.keys() - _RESPONSE_KEYS)]
    status = response.get("status")
    if type(status) is not int or not 100 <= status <= 599:
        problems.append("'status' must be an HTTP status")
    headers = response.get("headers", {})
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        problems.append("'headers' must map names to strings")
    if "body" in response and "body_text" in response:
        problems.append("give 'body' (JSON) or 'body_text' (verbatim), not both")
    if "body_text" in response and not isinstance(response["body_text"], str):
        problems.append("'body_text' must be a string")
    return problems


def _check_expect(expect: object, operation: object) -> list[str]:
    if not isinstance(expect, dict):
        return ["'expect' must be an object"]
    problems = [f"expect: unknown key {key!r}" for key in sorted(expect.keys() - _EXPECT_KEYS)]
    if ("result" in expect) == ("error" in expect):
        problems.append("'expect' must hold exactly one of 'result' and 'error'")
    if "delivered" in expect and operation not in ("iter_backups", "iter_backup_pages"):
        problems.append("'expect.delivered' is only for iter_backups and iter_backup_pages")
    if "delivered" in expect and "error" not in expect:
        problems.append("'expect.delivered' goes with 'expect.error'")
    requests = expect.get("requests")
    if not isinstance(requests, list):
        problems.append("'expect.requests' must be a list (empty when no request is sent)")
        requests = []
    for number, request in enumerate(requests, 1):
        if not isinstance(request, dict) or request.keys() != _REQUEST_KEYS:
            problems.append(f"expect.requests[{number}] must have exactly {sorted(_REQUEST_KEYS)}")
            continue
        query, headers = request["query"], request["headers"]
        if not isinstance(query, dict) or not all(isinstance(v, str) for v in query.values()):
            problems.append(f"expect.requests[{number}].query must map names to strings")
        names = {name.lower() for name in headers} if isinstance(headers, dict) else set()
        if not {"api-key", "x-pinecone-api-version"} <= names:
            problems.append(
                f"expect.requests[{number}].headers must name Api-Key and X-Pinecone-Api-Version"
            )
    error = expect.get("error")
    if error is not None:
        if not isinstance(error, dict) or error.get("kind") not in ERROR_KINDS:
            problems.append(f"'expect.error.kind' must be one of {sorted(ERROR_KINDS)}")
        else:
            problems += [
                f"expect.error: unknown key {key!r}" for key in sorted(error.keys() - _ERROR_KEYS)
            ]
            if error["kind"] == "InvalidArgumentError" and requests:
                problems.append("an InvalidArgumentError case expects no request at all")
    return problems


def _split_content_type(headers: Mapping[str, str]) -> tuple[str | None, dict[str, str]]:
    content_type = None
    rest: dict[str, str] = {}
    for name, value in headers.items():
        if name.lower() == "content-type":
            content_type = value
        else:
            rest[name] = value
    return content_type, rest


def fault_for(response: Mapping[str, Any]) -> Fault:
    """The ``Fault`` that serves one scripted response exactly (status, headers, body)."""
    content_type, headers = _split_content_type(response.get("headers", {}))
    body: bytes
    if "body_text" in response:
        body = response["body_text"].encode("utf-8")
        default_type = "text/plain; charset=utf-8"
    elif "body" in response:
        body = json.dumps(response["body"], ensure_ascii=False).encode("utf-8")
        default_type = "application/json"
    else:
        body, default_type = b"", ""
    return Fault(
        status=response["status"],
        body=body,
        content_type=default_type if content_type is None else content_type,
        headers=headers,
    )


def prepare(fake: FakePinecone, case: Mapping[str, Any]) -> None:
    """Configure a fresh fake as ``case`` says: its indexes, options and scripted responses.

    Backups are stored verbatim (``add_raw_backup``), in the order given, and
    ``setup.statuses`` scripts their status per describe (``script_statuses``). Each
    scripted response answers one request, in order, before the fake's own
    behaviour takes over for the requests after them.
    """
    problems = check_case(case)
    if problems:
        raise ValueError(f"case {case.get('name')!r} is invalid: " + "; ".join(problems))
    setup = case.get("setup", {})
    for index_name, backups in setup.get("indexes", {}).items():
        fake.add_index(index_name)
        for wire in backups:
            fake.add_raw_backup(index_name, json.loads(json.dumps(wire)))
    fake.last_page_pagination = setup.get("last_page_pagination", "null")
    fake.repeat_tokens = setup.get("repeat_tokens", False)
    for backup_id, steps in setup.get("statuses", {}).items():
        fake.script_statuses(backup_id, steps)
    for response in case.get("responses", []):
        fake.inject(fault_for(response))


def recorded_requests(fake: FakePinecone) -> list[dict[str, Any]]:
    """The requests ``fake`` received, as the control server reports them."""
    return [
        {
            "method": request.method,
            "path": request.path,
            "query": request.query,
            "headers": request.headers,
        }
        for request in fake.requests
    ]


class ControlServer:
    """One fake at a time, reset per case over a loopback control endpoint."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fake: FakePinecone | None = None
        control = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                if self.path != "/reset":
                    self._reply(404, {"error": f"no such endpoint: POST {self.path}"})
                    return
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    case = json.loads(self.rfile.read(length))
                except ValueError as exc:
                    self._reply(400, {"error": f"the body is not JSON: {exc}"})
                    return
                problems = check_case(case)
                if problems:
                    self._reply(400, {"error": "invalid case", "problems": problems})
                    return
                self._reply(200, control.reset(case))

            def do_GET(self) -> None:
                if self.path != "/requests":
                    self._reply(404, {"error": f"no such endpoint: GET {self.path}"})
                    return
                self._reply(200, {"requests": control.requests()})

            def _reply(self, status: int, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> ControlServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        with self._lock:
            if self._fake is not None:
                self._fake.stop()
                self._fake = None

    def reset(self, case: Mapping[str, Any]) -> dict[str, str]:
        """Replace the fake by a fresh one configured for ``case``; where to reach it."""
        with self._lock:
            if self._fake is not None:
                self._fake.stop()
            fake = FakePinecone()
            prepare(fake, case)
            self._fake = fake.start()
            return {
                "base_url": fake.base_url,
                "api_key": fake.api_key,
                "api_version": fake.api_version,
            }

    def requests(self) -> list[dict[str, Any]]:
        with self._lock:
            return [] if self._fake is None else recorded_requests(self._fake)

    def __enter__(self) -> ControlServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Serve FakePinecone to conformance runners (see spec/README.md).",
        usage="%(prog)s [--cases DIR] [-- COMMAND ...]",
    )
    parser.add_argument("--cases", type=Path, default=CASES_DIR, help="the case directory")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="run this, then stop")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    cases = load_cases(args.cases)
    invalid = {case.get("name", "?"): check_case(case) for case in cases}
    invalid = {name: problems for name, problems in invalid.items() if problems}
    if not cases or invalid:
        print(f"no valid cases in {args.cases}: {invalid or 'none found'}", file=sys.stderr)
        return 2
    with ControlServer() as control:
        if not command:
            print(f"control server on {control.url} ({len(cases)} cases); Ctrl-C stops it")
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                return 0
        env = dict(
            os.environ,
            CONFORMANCE_CONTROL_URL=control.url,
            CONFORMANCE_CASES=str(args.cases.resolve()),
        )
        return subprocess.run(command, env=env, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
