"""Saving the user's state off the UI thread, one change at a time, in order."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from textual.message import Message
from textual.message_pump import MessagePump

T = TypeVar("T")


@dataclass
class StateSaved(Message):
    """A change reached the state file (or failed to, with the store's warnings)."""

    pending: int


class StateSaver:
    """A single writer thread: changes reach the file in the order the user made them,
    and a slow disk or a lock held by another instance never freezes the UI."""

    def __init__(self, target: MessagePump):
        self._target = target
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="state-save")
        self._pending = 0
        self._count_lock = threading.Lock()

    def submit(self, change: Callable[[], T]) -> Future[T]:
        with self._count_lock:
            self._pending += 1
        future = self._executor.submit(change)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future[Any]) -> None:
        with self._count_lock:
            self._pending -= 1
            pending = self._pending
        self._target.post_message(StateSaved(pending))

    @property
    def pending(self) -> int:
        return self._pending

    def wait(self, timeout: float) -> bool:
        """Block until every change submitted so far has been written, at most `timeout`
        seconds; whether they were."""
        try:
            self._executor.submit(lambda: None).result(timeout=timeout)
        except (TimeoutError, RuntimeError):  # RuntimeError: already shut down
            return False
        return True

    async def drain(self) -> None:
        """Wait until every submitted change has been written."""
        await asyncio.wrap_future(self._executor.submit(lambda: None))

    def close(self) -> None:
        self._executor.shutdown(wait=True)
