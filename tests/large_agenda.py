"""A deterministic agenda of any size: many rooms, tracks and speakers, real-looking titles.

For the tests of large agendas and for the bench (bench/generate.py imports it)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import tomli_w

TOPICS = ("machine learning", "quantum chemistry", "protein folding", "climate models",
          "materials discovery", "particle physics", "graph networks", "diffusion models",
          "robotics", "astronomy surveys", "fluid dynamics", "open source tooling",
          "reproducibility", "data pipelines", "compilers", "databases", "security",
          "accessibility", "education", "energy systems")
FORMS = ("Scaling {t}", "{t} in practice", "What {t} taught us", "A tour of {t}",
         "Lessons from {t}", "{t} at the edge", "Rethinking {t}", "{t}: a field guide")
FIRST = ("Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Tim", "Barbara", "Donald",
         "Frances", "Edsger", "Radia", "Ken", "Hedy", "Guido", "Sophie", "Niklaus", "Jean")
LAST = ("Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Berners-Lee",
        "Liskov", "Knuth", "Allen", "Dijkstra", "Perlman", "Thompson", "Lamarr", "van Rossum",
        "Wilson", "Wirth", "Sammet", "Ørsted", "Nüsslein")
KINDS = ("talk", "talk", "talk", "talk", "panel", "workshop", "other")


def agenda_data(sessions: int, *, days: int = 5, rooms: int = 100, tracks: int = 40,
                seed: int = 2024) -> dict:
    """An agenda as TOML data: `sessions` sessions over `days` days in Europe/Brussels,
    20–50 minutes each in `rooms` rooms from 09:00, about 0.7 speakers a session."""
    rng = random.Random(seed)
    first_day = date(2025, 2, 1)
    speaker_count = max(1, sessions * 7 // 10)
    data: dict = {
        "schema_version": 1,
        "conference": {"id": f"generated-{sessions}", "title": f"Generated ({sessions} sessions)",
                       "start_date": first_day, "end_date": first_day + timedelta(days=days - 1),
                       "timezone": "Europe/Brussels", "venue": "Generated campus"},
        "tracks": [{"id": f"track-{n}", "title": f"{TOPICS[n % len(TOPICS)].title()} {n // len(TOPICS) + 1}"}
                   for n in range(tracks)],
        "speakers": [{"id": f"speaker-{n}", "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                      "affiliation": f"Institute {rng.randrange(200)}"}
                     for n in range(speaker_count)],
        "sessions": [],
    }
    clocks = {(day, room): datetime.combine(first_day + timedelta(days=day), datetime.min.time())
              + timedelta(hours=9) for day in range(days) for room in range(rooms)}
    for n in range(sessions):
        day, room = n % days, (n // days) % rooms
        start = clocks[day, room]
        end = start + timedelta(minutes=rng.choice((20, 25, 30, 40, 50)))
        clocks[day, room] = end + timedelta(minutes=5)
        topic = rng.choice(TOPICS)
        session = {"id": f"s{n}", "start": start, "end": end, "kind": rng.choice(KINDS),
                   "title": rng.choice(FORMS).format(t=topic).capitalize(),
                   "location": f"Room {room + 1}", "track": f"track-{rng.randrange(tracks)}"}
        people = rng.sample(range(speaker_count), k=min(speaker_count, rng.choice((0, 1, 1, 1, 2))))
        if people:
            session["people"] = [{"speaker": f"speaker-{p}"} for p in people]
        data["sessions"].append(session)
    return data


def write_agenda(path: Path, sessions: int) -> Path:
    path.write_bytes(tomli_w.dumps(agenda_data(sessions)).encode())
    return path
