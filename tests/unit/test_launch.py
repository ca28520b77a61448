"""The agenda-tui command's entry point: how the process is set up before the CLI runs."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest


@pytest.fixture(autouse=True)
def plugins_setting(monkeypatch):
    """launch sets PYDANTIC_DISABLE_PLUGINS for its process: not for the other tests'."""
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    yield
    os.environ.pop("PYDANTIC_DISABLE_PLUGINS", None)


@pytest.fixture(autouse=True)
def no_compiled_methods(monkeypatch):
    """launch hands dataclasses the compiled methods' cache for the rest of its process:
    not for the other tests' (test_compiled_methods.py runs it in processes of its own)."""
    from agenda_tui import compiled_methods

    monkeypatch.setattr(compiled_methods, "install", lambda: None)


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


def test_pydantic_plugins_are_not_looked_for_unless_asked(tmp_path):
    """In a process of its own: pydantic looks for plugins once, at the first model (each
    start here with an empty agenda cache, so that pydantic checks the agenda)."""
    probe = (
        "import importlib.metadata as metadata, sys\n"
        "real = metadata.entry_points\n"
        "asked = []\n"
        "def entry_points(**kwargs):\n"
        "    asked.append(kwargs.get('group'))\n"
        "    return real(**kwargs)\n"
        "metadata.entry_points = entry_points\n"
        "from agenda_tui.launch import main\n"
        "try:\n"
        "    main(['list', '--state-dir', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('ASKED', 'pydantic' in asked)\n"
    )

    def asked_for_plugins(**environment: str) -> bool:
        env = {name: value for name, value in os.environ.items()
               if name != "PYDANTIC_DISABLE_PLUGINS"}
        env.update(environment, AGENDA_TUI_HOME=str(tmp_path / str(len(list(tmp_path.iterdir())))))
        run = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], env=env,
                             capture_output=True, text=True, timeout=60)
        (answer,) = [line for line in run.stdout.splitlines() if line.startswith("ASKED")]
        return answer == "ASKED True"

    assert not asked_for_plugins()
    assert asked_for_plugins(PYDANTIC_DISABLE_PLUGINS="some-plugin")
