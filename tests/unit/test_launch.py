"""The agenda-tui command's entry point: how the process is set up before the CLI runs."""

from __future__ import annotations

import gc
import os

import pytest


@pytest.fixture(autouse=True)
def plugins_setting(monkeypatch):
    """launch sets PYDANTIC_DISABLE_PLUGINS for its process: not for the other tests'."""
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    yield
    os.environ.pop("PYDANTIC_DISABLE_PLUGINS", None)


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


def test_pydantic_plugins_are_not_looked_for_unless_asked(restored_gc, tmp_path, monkeypatch):
    _run_command(["list", "--state-dir", str(tmp_path)])
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "some-plugin")
    _run_command(["list", "--state-dir", str(tmp_path)])
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "some-plugin"
