"""Shared fixtures: every test runs with its own user data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from agenda_tui.agenda_file import load_agenda
from agenda_tui.importing import import_source
from agenda_tui.paths import embedded_agenda_path
from tests.network import offline  # noqa: F401  (a fixture)
from tests.schedule_server import schedule_server  # noqa: F401  (a fixture)

REPO_ROOT = Path(__file__).resolve().parents[1]
TEST_DATA = Path(__file__).resolve().parent / "data"
# Real published schedules and the symposium's source live beside the checkout,
# never inside it; a clone elsewhere skips the tests that read them.
SHARED = REPO_ROOT.parent / "shared"


@pytest.hookimpl(optionalhook=True)  # a hook of xdist's: unknown to a run without it
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """Two workers a core for `-n auto` (make test): a Pilot key waits for the app to go
    idle, so one worker a core leaves the cores idle for much of the suite."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS") or config.option.numprocesses == "logical":
        return None  # xdist's own hook answers
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return 2 * cores


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"{path} is absent: the shared folder sits beside the checkout "
                    "only on the project's own machines")
    return path


def shared_data(name: str) -> Path:
    """One of the real published schedules in ../shared/data."""
    return shared_file("data", name)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch) -> Path:
    """Keep every test out of the real user data directory."""
    home = tmp_path_factory.mktemp("agenda-home")
    monkeypatch.setenv("AGENDA_TUI_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def symposium():
    return load_agenda(embedded_agenda_path())


BASELINE_PYTHON = (3, 11)


@pytest.fixture(scope="session")
def fosdem():
    """FOSDEM 2025 (943 sessions, 29 rooms), as `agenda-tui import` reads it."""
    return import_source(shared_data("fosdem-2025-schedule.xml")).agenda


@pytest.fixture(scope="session")
def ccc():
    """38C3 (days that run to 06:00), as `agenda-tui import` reads it."""
    return import_source(shared_data("38c3-schedule.xml")).agenda


def pytest_configure(config):
    """Snapshots are made on one Python so they do not flip between versions' fonts and
    renderers; refuse to rewrite them from another."""
    updating = getattr(config.option, "update_snapshots", False)
    if updating and sys.version_info[:2] != BASELINE_PYTHON:
        raise pytest.UsageError(
            f"--snapshot-update runs on Python {'.'.join(map(str, BASELINE_PYTHON))} only")
