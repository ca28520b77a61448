"""The cycle collector from start-up to exit (collector.py)."""

from __future__ import annotations

import gc

from agenda_tui.collector import (
    RUNNING_THRESHOLDS,
    long_lived,
    long_lived_from_now,
    pause_for_start_up,
    resume_for_command,
)


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
    resume_for_command()
    assert gc.isenabled()
