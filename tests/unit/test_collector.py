"""The cycle collector from start-up to exit (collector.py)."""

from __future__ import annotations

import gc

import pytest

from agenda_tui import agenda_file
from agenda_tui.agenda_checks import consistency_problems_of
from agenda_tui.agenda_file import parse_agenda, parse_toml
from agenda_tui.collector import (
    RUNNING_THRESHOLDS,
    long_lived,
    long_lived_from_now,
    pause_for_start_up,
    paused,
    resume_for_command,
)
from agenda_tui.errors import InvalidFileError
from tests.conftest import TEST_DATA


def test_long_lived_collects_nothing_inside_and_freezes_what_it_made(restored_gc):
    gc.enable()
    frozen_before = gc.get_freeze_count()
    with long_lived():
        assert not gc.isenabled()
        made = [[n] for n in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(made)


def test_long_lived_leaves_a_disabled_collector_disabled(restored_gc):
    gc.disable()
    with long_lived():
        pass
    assert not gc.isenabled()


def test_after_start_up_everything_is_frozen_and_full_collections_are_rarer(restored_gc):
    kept = [{"n": n} for n in range(1000)]
    long_lived_from_now()
    assert gc.get_freeze_count() >= len(kept)
    assert gc.get_threshold() == RUNNING_THRESHOLDS


def test_a_paused_collector_resumes_once_the_app_has_started(restored_gc):
    gc.disable()
    long_lived_from_now()
    assert gc.isenabled()


def test_garbage_made_while_collection_was_paused_is_collected_not_frozen(restored_gc):
    import weakref

    class Node:
        pass

    gc.disable()
    cycle = Node()
    cycle.itself = cycle
    gone = weakref.ref(cycle)
    del cycle
    long_lived_from_now()
    assert gone() is None


def test_start_up_pauses_collection_and_a_command_other_than_the_ui_resumes_it(restored_gc):
    gc.enable()
    pause_for_start_up()
    assert not gc.isenabled()
    made_at_start_up = [[n] for n in range(1000)]
    frozen_before = gc.get_freeze_count()
    resume_for_command()
    assert gc.isenabled()
    # What start-up made is frozen: the command's first collection does not walk it.
    assert gc.get_freeze_count() >= frozen_before + len(made_at_start_up)
    assert gc.get_count()[0] < len(made_at_start_up)


def test_a_command_run_where_collection_is_on_freezes_nothing(restored_gc):
    gc.enable()
    frozen_before = gc.get_freeze_count()
    resume_for_command()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen_before


def test_paused_collects_nothing_inside_and_resumes_after_even_on_error(restored_gc):
    gc.enable()
    with pytest.raises(ValueError), paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    with paused():
        pass
    assert not gc.isenabled()


def test_reading_an_agenda_sets_off_no_collection_and_leaves_collection_on(restored_gc, monkeypatch):
    text = (TEST_DATA / "tiny.toml").read_text(encoding="utf-8")
    started: list[int] = []  # the generation of each collection started
    # How many had started when a read parsed its TOML, and when it ran its cross-checks
    # (its last step: its objects all made by then).
    at_parse: list[int] = []
    at_checks: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    def counted_parse(*arguments):
        at_parse.append(len(started))
        return parse_toml(*arguments)

    def counted_checks(*parts):
        at_checks.append(len(started))
        return consistency_problems_of(*parts)

    monkeypatch.setattr(agenda_file, "parse_toml", counted_parse)
    monkeypatch.setattr(agenda_file, "consistency_problems_of", counted_checks)
    gc.enable()
    gc.set_threshold(5, 1, 1)  # a collection every few objects made, were it on
    gc.callbacks.append(note)
    try:
        parse_agenda(text)
        with pytest.raises(InvalidFileError):
            parse_agenda(text.replace("end_date", "end_dat"))
        assert gc.isenabled()
        made = [[n] for n in range(100)]
    finally:
        gc.callbacks.remove(note)
    assert len(at_parse) == 2 and at_checks == at_parse
    assert made and started[at_checks[-1]:]  # collection is on again: the check could fail
