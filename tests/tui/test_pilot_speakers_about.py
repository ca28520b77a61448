"""The Speakers tab sorts by name ignoring punctuation, case and accents; the About tab's
heading says "Tracks" for an imported agenda (FOSDEM 2025 and a hand-written one)."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from agenda_tui.agenda_file import parse_agenda
from agenda_tui.formatting import name_order
from tests.tui.conftest import build_app, settled, started

PUNCTUATED = """
schema_version = 1
[conference]
id = "names"
title = "Names"
start_date = 2025-02-01
end_date = 2025-02-01
timezone = "Europe/Brussels"

[[tracks]]
id = "rust"
title = "Rust"

[[speakers]]
id = "quoted"
name = '"Zed" Zimmer'
[[speakers]]
id = "accent"
name = "Émile Ábel"
[[speakers]]
id = "handle"
name = "@mallory"
[[speakers]]
id = "plain"
name = "Bob Brown"
[[speakers]]
id = "lower"
name = "ada adams"
[[speakers]]
id = "pronouns"
name = "Carol Cook (she/her)"

[[sessions]]
id = "s1"
start = 2025-02-01T10:00:00
end = 2025-02-01T10:30:00
title = "Everyone"
track = "rust"
people = [{speaker = "quoted"}, {speaker = "accent"}, {speaker = "handle"},
          {speaker = "plain"}, {speaker = "lower"}, {speaker = "pronouns"}]
"""


def test_names_sort_by_family_name_without_punctuation_case_or_accents():
    names = ['"Zed" Zimmer', "Émile Ábel", "@mallory", "Bob Brown", "ada adams",
             "Carol Cook (she/her)"]
    assert sorted(names, key=name_order) == [
        "Émile Ábel", "ada adams", "Bob Brown", "Carol Cook (she/her)", "@mallory", '"Zed" Zimmer']
    assert name_order("'Ada' Lovelace") == name_order("ADA LOVELACE") == name_order("Ada Lovélace")
    assert name_order("???") > name_order("Zz Zz")  # no letters at all: last


async def speaker_ids(app) -> list[str]:
    async with started(app) as pilot:
        app.main.show_tab("speakers")
        await settled(pilot)
        options = app.main.query_one("#speaker-list", OptionList)
        return [options.get_option_at_index(i).id or "" for i in range(options.option_count)]


async def about_text(app) -> str:
    async with started(app) as pilot:
        app.main.show_tab("about")
        await settled(pilot)
        return str(app.main.query_one("#about-text", Static).render())


async def test_speakers_tab_ignores_quotes_at_signs_case_and_accents(state_dir):
    app = build_app(state_dir, agenda=parse_agenda(PUNCTUATED))
    assert await speaker_ids(app) == ["accent", "lower", "plain", "pronouns", "handle", "quoted"]


async def test_fosdem_speakers_sort_by_letters_alone(state_dir, fosdem):
    ids = await speaker_ids(build_app(state_dir, agenda=fosdem))
    by_id = fosdem.speakers_by_id
    keys = [name_order(by_id[speaker_id].name) for speaker_id in ids]
    assert len(ids) == len(fosdem.speakers) and keys == sorted(keys)
    # No name that starts with punctuation is put first for it.
    assert by_id[ids[0]].name[0].isalnum()


async def test_about_says_tracks_for_an_imported_agenda(state_dir, fosdem):
    text = await about_text(build_app(state_dir, agenda=fosdem))
    assert "\nTracks\n" in text and "Themes and questions" not in text


async def test_about_says_tracks_for_a_hand_written_agenda_without_questions(state_dir):
    text = await about_text(build_app(state_dir, agenda=parse_agenda(PUNCTUATED)))
    assert "\nTracks\n" in text and "Themes and questions" not in text


async def test_about_keeps_the_symposium_s_themes_and_questions(state_dir):
    text = await about_text(build_app(state_dir))
    assert "Themes and questions" in text and "\nTracks\n" not in text
