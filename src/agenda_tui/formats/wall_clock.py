"""Times as the conference's clocks show them, for people (Markdown, CSV): with the UTC
offset only where the clocks show that time twice, the hour repeated when they go back."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from agenda_tui.formatting import time_range
from agenda_tui.model import Session, repeated_wall_clock


def utc_offset_label(offset: timedelta) -> str:
    """'UTC+01:00', 'UTC-03:30', 'UTC+05:45'; seconds only where there are some."""
    sign = "-" if offset < timedelta(0) else "+"
    minutes, seconds = divmod(int(abs(offset).total_seconds()), 60)
    text = f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{text}:{seconds:02d}" if seconds else text


def wall_clock(moment: datetime, zone: tzinfo, pattern: str = "%H:%M") -> str:
    """`moment` in `zone` as `pattern`, then ' (UTC+01:00)' where that time is ambiguous."""
    local = moment.astimezone(zone)
    text = local.strftime(pattern)
    if repeated_wall_clock(local):
        offset = local.utcoffset()
        assert offset is not None
        text += f" ({utc_offset_label(offset)})"
    return text


def time_span(session: Session, zone: tzinfo, dash: str = "–") -> str:
    """'09:30–10:30', 'all day', '02:30 (UTC+01:00)–03:15', '23:30–00:30 +1'."""
    return time_range(session, zone, dash, show=lambda moment, _: wall_clock(moment, zone))
