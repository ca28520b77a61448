"""The garbage collector set-up for the app that is the program."""

from __future__ import annotations

import gc

import pytest

from agenda_tui.memory import RUNNING_THRESHOLDS, long_lived, long_lived_from_now


@pytest.fixture
def restored_gc():
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    (gc.enable if enabled else gc.disable)()


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


def _run_command(argv: list[str]) -> None:
    from agenda_tui.launch import main

    try:
        main(argv)
    except SystemExit as exit:
        assert not exit.code


def test_the_command_starts_the_ui_with_collection_paused(restored_gc, tmp_path, monkeypatch):
    from agenda_tui.tui.app import AgendaApp

    seen: list[bool] = []
    monkeypatch.setattr(AgendaApp, "run", lambda app, *a, **k: seen.append(gc.isenabled()))
    gc.enable()
    _run_command(["--state-dir", str(tmp_path)])
    assert seen == [False]


def test_other_commands_collect_cycles_as_usual(restored_gc, tmp_path, capsys):
    gc.enable()
    _run_command(["list", "--state-dir", str(tmp_path)])
    assert capsys.readouterr().out.strip()  # the command ran: it listed the sessions
    assert gc.isenabled()
