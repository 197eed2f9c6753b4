"""The vocabulary of a flow: what ``_base`` writes once and the two clients drive.

A flow is a generator that yields an ``Action`` (an ``httpx.Request`` to send,
a float of seconds to sleep, or ``Done`` with its result) and receives an
``Outcome`` (the ``Answer`` read within the limits, the ``httpx.RequestError``
the attempt raised, or None after a sleep).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

from ._answer import Answer

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Done(Generic[T]):
    """The last thing a flow yields: its result."""

    value: T


Action = httpx.Request | float | Done[Any]
Outcome = Answer | httpx.RequestError | None
Flow = Generator[Action, Outcome, None]
