"""Where things live: the embedded agenda, the user data directory, state files.

Conference ids come from feeds: they name files here only through `file_stem`, which
gives two different ids two different names, on a file system that ignores case too.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from agenda_tui.errors import AgendaError

APP_NAME = "agenda-tui"
HOME_VARIABLE = "AGENDA_TUI_HOME"
EMBEDDED_AGENDA_NAME = "symposium-genai-physsci-2024.toml"


def embedded_agenda_path() -> Path:
    """The symposium agenda that ships inside the package.

    A wheel carries it as `agenda_tui/agendas/`; an editable install from a
    checkout reads the same file from the repository's `data/` folder.
    """
    # The package's own folder: where importlib.resources finds it too, for a package
    # installed as files, as pip installs every wheel (and without importing it).
    packaged = Path(__file__).with_name("agendas") / EMBEDDED_AGENDA_NAME
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / EMBEDDED_AGENDA_NAME


def expand(text: str | Path, what: str | None = None) -> Path:
    """`~` and `~user` expanded; AgendaError naming `what` (else the path) when that user
    has no home (pathlib raises RuntimeError)."""
    path = Path(text)
    try:
        return path.expanduser()
    except RuntimeError:
        user = str(path).split("/", 1)[0].removeprefix("~")
        raise AgendaError(f"{what + '=' if what else ''}{text}: there is no user {user!r} "
                          "with a home directory on this machine") from None


def data_dir() -> Path:
    """The user data directory: $AGENDA_TUI_HOME, else the platform's own."""
    if home := os.environ.get(HOME_VARIABLE):
        return expand(home, HOME_VARIABLE)
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Derived data that may be deleted at any time: $AGENDA_TUI_HOME/cache, else the
    platform's cache directory."""
    if home := os.environ.get(HOME_VARIABLE):
        return expand(home, HOME_VARIABLE) / "cache"
    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """Settings that hold for every conference: $AGENDA_TUI_HOME/config, else the
    platform's config directory."""
    if home := os.environ.get(HOME_VARIABLE):
        return expand(home, HOME_VARIABLE) / "config"
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def settings_path() -> Path:
    """The settings file shared by every conference (a conference's state can override it)."""
    return config_dir() / "settings.toml"


def agendas_dir() -> Path:
    """Where `import --install` puts agendas, and where `--agenda ID` finds them."""
    return data_dir() / "agendas"


def file_stem(conference_id: str) -> str:
    """The file name a conference id gives, the same for no two ids, in any case.

    Lower-case letters, digits, `-` and (but first) `.` stand for themselves; `_` is
    written `__`, and an upper-case letter `_` and the letter in lower case (`Demo` ->
    `_demo`), so that a file system that ignores case cannot take `Demo` for `demo`. Ids
    are `model.Slug`s; any other character is written `%` and six hex digits, so that no
    id can name another folder or a hidden file.
    """
    parts = []
    for position, char in enumerate(conference_id):
        if char == "_":
            parts.append("__")
        elif "A" <= char <= "Z":
            parts.append(f"_{char.lower()}")
        elif ("a" <= char <= "z" or "0" <= char <= "9" or char == "-"
              or (char == "." and position > 0)):
            parts.append(char)
        else:
            parts.append(f"%{ord(char):06x}")
    return "".join(parts)


def installed_agenda_path(conference_id: str) -> Path:
    return agendas_dir() / f"{file_stem(conference_id)}.toml"


def legacy_installed_agenda_path(conference_id: str) -> Path:
    """Where versions before `file_stem` installed the agenda."""
    return agendas_dir() / f"{conference_id}.toml"


def state_dir(override: Path | None = None) -> Path:
    return expand(override, "--state-dir") if override else data_dir() / "state"


def state_file(conference_id: str, override: Path | None = None) -> Path:
    return state_dir(override) / f"{file_stem(conference_id)}.toml"
