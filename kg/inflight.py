"""Batches handed to workers with a bounded number in flight, results in input order."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from typing import Any, TypeVar

B = TypeVar("B")
R = TypeVar("R")


def windowed(submit: Callable[[B], Future[R]], batches: Iterable[B], window: int) -> Iterator[R]:
    """Results in input order, with at most `window` batches in flight (memory stays flat)."""
    pending: deque[Any] = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
