"""Where things live: the embedded agenda, the user data directory, state files."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "agenda-tui"
HOME_VARIABLE = "AGENDA_TUI_HOME"
EMBEDDED_AGENDA_NAME = "symposium-genai-physsci-2024.toml"


def embedded_agenda_path() -> Path:
    """The symposium agenda that ships inside the package.

    A wheel carries it as `agenda_tui/agendas/`; an editable install from a
    checkout reads the same file from the repository's `data/` folder.
    """
    packaged = resources.files("agenda_tui") / "agendas" / EMBEDDED_AGENDA_NAME
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "data" / EMBEDDED_AGENDA_NAME


def data_dir() -> Path:
    """The user data directory: $AGENDA_TUI_HOME, else the platform's own."""
    if home := os.environ.get(HOME_VARIABLE):
        return Path(home).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Derived data that may be deleted at any time: $AGENDA_TUI_HOME/cache, else the
    platform's cache directory."""
    if home := os.environ.get(HOME_VARIABLE):
        return Path(home).expanduser() / "cache"
    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def agendas_dir() -> Path:
    """Where `import --install` puts agendas, and where `--agenda ID` finds them."""
    return data_dir() / "agendas"


def installed_agenda_path(conference_id: str) -> Path:
    return agendas_dir() / f"{conference_id}.toml"


def state_dir(override: Path | None = None) -> Path:
    return Path(override).expanduser() if override else data_dir() / "state"


def state_file(conference_id: str, override: Path | None = None) -> Path:
    return state_dir(override) / f"{conference_id}.toml"
