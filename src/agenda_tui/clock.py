"""The app's idea of "now": the real clock, or a pretended moment (`--at`)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


class Clock:
    """Real time, optionally shifted so that it starts at `at`, or frozen there.

    With `--at` the app behaves as if started at that moment and time goes on
    from it; tests and screenshots freeze it so that every run looks the same.
    """

    def __init__(self, at: datetime | None = None, *, frozen: bool = False):
        if at is not None and at.tzinfo is None:
            raise ValueError("Clock needs a timezone-aware moment")
        self._at = at
        self._frozen = frozen and at is not None
        self._started = time.monotonic()

    def now(self) -> datetime:
        if self._at is None:
            return datetime.now(UTC)
        if self._frozen:
            return self._at
        # The time passed is added to the instant, not to the clock on the wall: across
        # the night the clocks go back (or in the hour they pass twice), adding to the
        # zone's time would give the wall clock's hour, the first of the two.
        elapsed = timedelta(seconds=time.monotonic() - self._started)
        return (self._at.astimezone(UTC) + elapsed).astimezone(self._at.tzinfo)
