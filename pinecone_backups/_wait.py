"""Waiting for a backup to settle: the polling flow, its schedule and the status rule.

``wait_flow`` is a flow like the operations of ``_base`` (it yields requests
and seconds to sleep, and ``Done`` with the ready backup), so ``Client`` and
``AsyncClient`` run it unchanged. Each poll is one ``describe_backup`` flow,
retries included, driven from here so that everything it does counts against
the wait's deadline:

* every request's timeout is capped at the time left;
* a sleep (a retry's backoff or ``Retry-After``, or the pause between polls)
  that would end at or past the deadline is not taken: the wait ends at once
  with ``BackupWaitTimeoutError``. So the wait never outlasts ``timeout``
  (it may end up to one pause early).

The status rule (``_config``): ``Initializing`` and ``Pending`` poll again;
``Ready`` returns the backup; ``Failed`` and ``InitializationFailed`` raise
``BackupFailedError``; **any other status** raises
``UnknownBackupStatusError`` at once, carrying the backup. Statuses are an
open set: a new one is never polled forever and never called success; the
caller, who may know what it means, decides.

404s: before a poll has found the backup, a 404 means the API does not list
it yet; it is polled again like an in-progress status, for at most
``not_found_grace`` seconds (then the ``NotFoundError`` is raised: most likely
a wrong ID). After the backup was seen, a 404 means it was deleted meanwhile:
the ``NotFoundError`` is raised at once.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

from . import _config as C
from ._answer import Answer
from ._exceptions import (
    APITimeoutError,
    BackupFailedError,
    BackupWaitError,
    BackupWaitTimeoutError,
    InvalidArgumentError,
    NotFoundError,
    UnknownBackupStatusError,
    snippet,
)
from ._flow import Action, Done, Flow, Outcome

if TYPE_CHECKING:
    from pinecone_backups_api.models import BackupModel as Backup

StatusCallback = Callable[["Backup"], object]


@dataclass(frozen=True, slots=True)
class PollSchedule:
    """Pauses between polls: ``first``, then each ``growth`` times the last, up to ``maximum``.

    Each pause is shortened by a random fraction of itself, up to ``jitter``
    (so it lies in ``[(1 - jitter) * base, base]`` and never exceeds the cap).
    """

    first: float = C.WAIT_FIRST_POLL_INTERVAL
    maximum: float = C.WAIT_MAX_POLL_INTERVAL
    growth: float = C.WAIT_POLL_GROWTH
    jitter: float = C.WAIT_POLL_JITTER

    def pauses(self, rng: random.Random) -> Iterator[float]:
        """The pauses, endless; ``rng`` draws the jitter (seed it for an exact schedule)."""
        base = min(self.first, self.maximum)
        while True:
            yield float(base * (1.0 - self.jitter * rng.random()))
            base = min(base * self.growth, self.maximum)


def _seconds(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidArgumentError(f"{what} must be a number of seconds, got {value!r}")
    if not (value > 0 and math.isfinite(value)):
        raise InvalidArgumentError(f"{what} must be a finite number of seconds > 0, got {value!r}")
    return float(value)


def make_schedule(
    timeout: object, poll_interval: object, max_poll_interval: object
) -> tuple[float, PollSchedule]:
    """Check ``wait_for_backup``'s timing arguments; the timeout and the schedule."""
    total = _seconds(timeout, "timeout")
    first = _seconds(poll_interval, "poll_interval")
    if max_poll_interval is None:
        cap = max(C.WAIT_MAX_POLL_INTERVAL, first)
    else:
        cap = _seconds(max_poll_interval, "max_poll_interval")
        if cap < first:
            raise InvalidArgumentError(
                f"max_poll_interval ({cap:g} s) must be at least poll_interval ({first:g} s)"
            )
    return total, PollSchedule(first=first, maximum=cap)


class _DeadlineReached(Exception):
    """A poll needed time past the deadline (a request, or a retry's sleep); ``str()`` says why."""


@dataclass
class _Wait:
    backup_id: str
    describe: Callable[[], Flow]
    timeout: float
    schedule: PollSchedule
    on_status: StatusCallback | None
    not_found_grace: float
    clock: Callable[[], float]
    rng: random.Random
    secret: str
    start: float = 0.0
    deadline: float = 0.0
    polls: int = 0
    last: Backup | None = None
    statuses: tuple[str, ...] = ()
    capped: bool = False

    def run(self) -> Flow:
        self.start = self.clock()
        self.deadline = self.start + self.timeout
        pauses = self.schedule.pauses(self.rng)
        while True:
            self.polls += 1
            try:
                backup = yield from self._poll()
            except _DeadlineReached as stop:
                raise self._timed_out(str(stop)) from None
            except APITimeoutError as exc:
                if self.capped:  # the request timed out because the deadline came
                    raise self._timed_out("the last poll ran into the deadline") from exc
                raise
            except NotFoundError as exc:
                self._check_not_found(exc)
            else:
                if self._settled(backup):
                    yield Done(backup)
                    return
            pause = next(pauses)
            if self.clock() + pause >= self.deadline:
                raise self._timed_out(f"the next poll (in {pause:.3g} s) would come after it")
            yield pause

    def _poll(self) -> Generator[Action, Outcome, Backup]:
        """One describe flow, retries included, held to the deadline."""
        flow = self.describe()
        action = next(flow)
        last_failure = "a failure"  # pragma: no mutate (never read: a request comes first)
        while True:
            if isinstance(action, Done):
                backup: Backup = action.value
                return backup
            if isinstance(action, float):
                if self.clock() + action >= self.deadline:
                    raise _DeadlineReached(
                        f"a retry of the poll after {last_failure} would wait {action:.3g} s, "
                        "past it"
                    )
                outcome = yield action
            else:
                self._cap_timeout(action)
                outcome = yield action
                if isinstance(outcome, Answer):
                    last_failure = f"HTTP {outcome.status_code}"
                elif outcome is not None:
                    last_failure = type(outcome).__name__
            action = flow.send(outcome)

    def _cap_timeout(self, request: httpx.Request) -> None:
        left = self.deadline - self.clock()
        if left <= 0:
            raise _DeadlineReached("no time was left for another request")
        timeouts = request.extensions.get("timeout") or {}
        capped: dict[str, float | None] = {}
        self.capped = False
        for name in ("connect", "read", "write", "pool"):
            value = timeouts.get(name)
            if value is None or value >= left:  # it would end at or past the deadline
                capped[name] = left
                self.capped = True
            else:
                capped[name] = value
        request.extensions = {**request.extensions, "timeout": capped}

    def _settled(self, backup: Backup) -> bool:
        self.last = backup
        status = backup.status
        if not self.statuses or self.statuses[-1] != status:
            self.statuses = (*self.statuses, status)
            if self.on_status is not None:
                self.on_status(backup)
        if status == C.WAIT_READY_STATUS:
            return True
        if status in C.WAIT_IN_PROGRESS_STATUSES:
            return False
        if status in C.WAIT_FAILED_STATUSES:
            raise self._error(
                BackupFailedError,
                f"settled on {self._quote(status)}: it will never be ready. Inspect it "
                "(describe_backup, or the Pinecone console), then create a new backup",
            )
        raise self._error(
            UnknownBackupStatusError,
            f"has status {self._quote(status)}, which this SDK does not know, so the wait "
            "stopped (it is neither polled on forever nor taken for success). Decide what "
            "it means for you (error.backup holds the backup), or upgrade pinecone-backups",
        )

    def _check_not_found(self, exc: NotFoundError) -> None:
        if self.last is not None:
            exc.add_note(
                f"wait_for_backup: the backup was seen with status {self._quote(self.last.status)} "
                f"on an earlier poll; it was probably deleted while waiting "
                f"({self.polls} polls in {self._waited():.1f} s)"
            )
            raise exc
        if self._waited() >= self.not_found_grace:
            exc.add_note(
                f"wait_for_backup: no poll found this backup in {self._waited():.1f} s "
                f"({self.polls} polls, each a 404); check the backup ID"
            )
            raise exc

    def _waited(self) -> float:
        return self.clock() - self.start

    def _quote(self, status: str) -> str:
        return repr(snippet(status, self.secret))

    def _error(self, cls: type[BackupWaitError], what: str) -> BackupWaitError:
        waited = self._waited()
        seen = " -> ".join(snippet(s, self.secret) for s in self.statuses) or "none"
        return cls(
            f"backup {snippet(self.backup_id, self.secret)!r} {what} "
            f"[waited {waited:.1f} s, {self.polls} polls; statuses seen: {seen}]",
            backup_id=self.backup_id,
            backup=self.last,
            waited=waited,
            polls=self.polls,
            statuses=self.statuses,
        )

    def _timed_out(self, reason: str) -> BackupWaitError:
        if self.last is None:
            state = (
                "no poll found it yet (every poll answered 404, or none completed); "
                "check the backup ID or wait longer"
            )
        else:
            state = (
                f"it was still {self._quote(self.last.status)}; it may yet become ready: "
                "wait again, or pass a longer timeout"
            )
        return self._error(
            BackupWaitTimeoutError,
            f"did not settle within the timeout of {self.timeout:g} s ({reason}): {state}",
        )


def wait_flow(
    backup_id: str,
    describe: Callable[[], Flow],
    *,
    timeout: float,
    schedule: PollSchedule,
    on_status: StatusCallback | None,
    secret: str,
    not_found_grace: float = C.WAIT_NOT_FOUND_GRACE,
    clock: Callable[[], float] = time.monotonic,
    rng: random.Random | None = None,
) -> Flow:
    """Poll ``describe()`` (a fresh describe flow per poll) until the backup settles.

    ``clock`` and ``rng`` are the wait's sense of time and its jitter source:
    tests pass a fake clock (advanced by the sleeps they are asked for) and a
    seeded ``random.Random``.
    """
    if on_status is not None and not callable(on_status):
        raise InvalidArgumentError("on_status must be a callable taking a Backup, or None")
    wait = _Wait(
        backup_id=backup_id,
        describe=describe,
        timeout=timeout,
        schedule=schedule,
        on_status=on_status,
        not_found_grace=not_found_grace,
        clock=clock,
        rng=rng if rng is not None else random.Random(),
        secret=secret,
    )
    return wait.run()
