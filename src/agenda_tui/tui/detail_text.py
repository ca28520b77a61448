"""How sessions read on screen: Rich `Text` built from data, never parsed as markup."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from datetime import tzinfo

from rich.text import Text

from agenda_tui.formatting import kind_label, time_range, when
from agenda_tui.model import Agenda, Session, Speaker
from agenda_tui.reminders import LeadTimes, lead_label
from agenda_tui.schedule import conflicts, people_of, sessions_of
from agenda_tui.text import shown, shown_block

STAR = "★"
NOW_MARK = "▶"


def describe_session(agenda: Agenda, session: Session, *, local_zone: tzinfo,
                     bookmarks: Set[str], notes: Mapping[str, str],
                     lead_times: LeadTimes | None = None) -> Text:
    """The session's detail as the user's bookmarks and notes make it: with its note,
    its reminder where it is not the default's, and, when bookmarked, the other
    bookmarks it overlaps."""
    bookmarked = session.id in bookmarks
    clashes: list[Session] = []
    if bookmarked:
        mine = [agenda.sessions_by_id[i] for i in bookmarks if i in agenda.sessions_by_id]
        clashes = conflicts(mine).get(session.id, [])
    return session_detail(agenda, session, event_zone=agenda.zone, local_zone=local_zone,
                          bookmarked=bookmarked, note=notes.get(session.id, ""), overlaps=clashes,
                          reminder_minutes=lead_times.differing(session.id) if lead_times else None)


def session_detail(
    agenda: Agenda,
    session: Session,
    *,
    event_zone: tzinfo,
    local_zone: tzinfo,
    bookmarked: bool,
    note: str,
    overlaps: Sequence[Session] = (),
    reminder_minutes: int | None = None,
) -> Text:
    """Everything about one session, for the detail pane and the session screen;
    `reminder_minutes`: its own reminder lead time, shown when it is not the default."""
    text = Text()
    text.append(shown(session.title), style="bold")
    text.append("\n")
    if bookmarked:
        text.append(f"{STAR} Bookmarked\n", style="bold yellow")
    if reminder_minutes is not None and not session.all_day:
        text.append(f"Reminder: {lead_label(reminder_minutes)}", style="bold")
        text.append("\n" if bookmarked else " (when bookmarked)\n")
    text.append(when(session, event_zone))
    if session.start.astimezone(local_zone).utcoffset() != session.start.utcoffset():
        text.append(f"\nYour time: {when(session, local_zone)}", style="italic")
    text.append("\n\n")
    text.append(kind_label(session), style="bold")
    if session.track and (track := agenda.tracks_by_id.get(session.track)):
        text.append(f" · Track: {shown(track.title)}")
        if track.question:
            text.append(f"\n{shown(track.question)}", style="italic")
    text.append("\n")
    if session.virtual:
        text.append("Virtual", style="bold")
        text.append(" (online)\n")
    place = session.location or agenda.conference.venue
    if place and not (session.virtual and not session.location):
        text.append(f"Location: {shown(place)}\n")
    people = people_of(agenda, session)
    if people:
        text.append("\n")
        for speaker, role in people:
            text.append(shown(speaker.name), style="bold")
            text.append(f" — {role.value}")
            if speaker.affiliation:
                text.append(f", {shown(speaker.affiliation)}")
            text.append("\n")
    for other in overlaps:
        text.append(f"\n⚠ Overlaps with {shown(other.title)} ({time_range(other, event_zone, '–')})",
                    style="bold red")
    # The user's own words before the abstract, which may run past the bottom of a
    # pane or a dialog whose focus is elsewhere (the session screen's people).
    if note:
        text.append("\nYour note\n", style="bold")
        text.append(shown_block(note))
        text.append("\n")
    if session.abstract:
        text.append(f"\n{shown_block(session.abstract)}\n")
    if session.url:
        text.append(f"\n{shown(session.url)}\n", style="underline")
    return text


def speaker_detail(agenda: Agenda, speaker: Speaker, zone: tzinfo, with_sessions: bool = True) -> Text:
    text = Text()
    text.append(shown(speaker.name), style="bold")
    if speaker.affiliation:
        text.append(f"\n{shown(speaker.affiliation)}")
    for link in speaker.links:
        text.append(f"\n{shown(link.title)}: {shown(link.url)}", style="underline")
    if speaker.bio:
        text.append(f"\n\n{shown_block(speaker.bio)}")
    if not with_sessions:
        return text
    text.append("\n\nSessions\n", style="bold")
    for session, role in sessions_of(agenda, speaker.id):
        text.append(f"{when(session, zone)}  {role.value}: {shown(session.title)}\n")
    return text
