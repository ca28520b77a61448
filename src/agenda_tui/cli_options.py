"""What every command shares: the common options, loading the agenda and state, warnings."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from agenda_tui.agenda_file import load_agenda
from agenda_tui.errors import InvalidFileError
from agenda_tui.model import Agenda
from agenda_tui.paths import (
    embedded_agenda_path,
    expand,
    installed_agenda_path,
    legacy_installed_agenda_path,
    state_file,
)
from agenda_tui.schedule import parse_moment
from agenda_tui.state_file import StateFile
from agenda_tui.text import clean


def write_output(text: str) -> None:
    """All of `text` on standard output, or OSError (BrokenPipeError when the reader went
    away). Python's buffered writer reports success after a partial write to a pipe whose
    reader closed, the rest lost: here every byte is written, or it raises."""
    sys.stdout.flush()
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (captured, in tests)
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    data = memoryview(text.encode("utf-8"))
    while data:
        data = data[os.write(descriptor, data):]


def warn(message: str) -> None:
    click.echo(f"agenda-tui: warning: {clean(message)}", err=True)


def warn_all(messages: Iterable[str]) -> None:
    for message in messages:
        warn(message)


@dataclass
class Options:
    """The options every command takes, wherever on the line they were given."""

    agenda: str | None = None
    state_dir: Path | None = None
    at: str | None = None
    offline: bool = False  # --offline; the settings file's `offline` says the same for every run

    def agenda_path(self) -> Path:
        return resolve_agenda(self.agenda)

    def load(self) -> tuple[Agenda, StateFile]:
        agenda = load_agenda(self.agenda_path())
        self.moment(agenda)  # a bad --at is an error whatever the command
        store = StateFile(state_file(agenda.conference.id, self.state_dir), agenda.conference.id)
        warn_all(store.take_warnings())
        return agenda, store

    def no_network(self) -> str | None:
        """Why no connection may be made (--offline, or the settings), else None."""
        if self.offline:
            return "--offline"
        from agenda_tui.paths import settings_path
        from agenda_tui.settings_file import SettingsFile

        settings = SettingsFile(settings_path())
        warn_all(settings.take_warnings())
        return f"offline = true in {settings.path}" if settings.settings.offline else None

    def moment(self, agenda: Agenda) -> datetime | None:
        return parse_moment(self.at, agenda.zone) if self.at is not None else None


def resolve_agenda(spec: str | None) -> Path:
    """A path to an agenda file, an installed conference id, or (None) the symposium."""
    if spec is None:
        return embedded_agenda_path()
    path = expand(spec, "--agenda")
    if path.exists():
        return path
    if "/" not in spec and (installed := adopt_legacy_install(spec)).is_file():
        return installed
    raise InvalidFileError.single(spec, "no such agenda file or installed conference")


def adopt_legacy_install(conference_id: str) -> Path:
    """Where the agenda of `conference_id` is installed; one installed under its name
    before `paths.file_stem` is moved there first, if it is this conference's."""
    path = installed_agenda_path(conference_id)
    legacy = legacy_installed_agenda_path(conference_id)
    if legacy == path or path.exists() or not legacy.is_file():
        return path
    with contextlib.suppress(InvalidFileError, OSError):
        if load_agenda(legacy, cache=False).conference.id == conference_id:
            os.replace(legacy, path)
    return path


def _remember(ctx: click.Context, param: click.Parameter, value: object) -> object:
    if value is not None:
        setattr(ctx.ensure_object(Options), param.name, value)
    return value


def _remember_flag(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """A flag given before the command or after it: either turns it on."""
    if value:
        setattr(ctx.ensure_object(Options), str(param.name), True)
    return value


_Command = TypeVar("_Command", bound=Callable[..., Any])


def common_options(command: _Command) -> _Command:
    options = [
        click.option("--agenda", metavar="PATH", expose_value=False, callback=_remember,
                     help="Agenda TOML file or installed conference id (default: the symposium)."),
        click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path),
                     expose_value=False, callback=_remember,
                     help="Where bookmarks and notes are kept (default: the user data directory)."),
        click.option("--at", metavar="ISO-DATETIME", expose_value=False, callback=_remember,
                     help="Pretend it is this moment (conference zone unless an offset is given)."),
        click.option("--offline", is_flag=True, expose_value=False, callback=_remember_flag,
                     help="Never connect: no refresh of an agenda that has a URL (the settings "
                          "file's `offline = true` does the same)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command
