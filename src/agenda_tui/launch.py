"""The `agenda-tui` command: the command line, started with the cycle collector paused
and dataclasses' methods read compiled from the cache.

Start-up makes objects that live as long as the process, and collecting cycles among them
finds nothing (bench/README.md): collector.py tells when collection resumes. Compiling
the methods each dataclass writes for itself was a third of our modules' import time:
compiled_methods.py keeps them.
"""

from __future__ import annotations

import os

from agenda_tui.collector import pause_for_start_up


def main(argv: list[str] | None = None) -> None:
    prepare_process()
    from agenda_tui.cli import main as cli_main

    cli_main(argv)


def prepare_process() -> None:
    """What the process needs before its first import of Textual, pydantic or a
    dataclass (done once; the bench's headless start calls it before importing Textual)."""
    pause_for_start_up()
    # agenda-tui uses no pydantic plugins: looking for them reads the metadata of every
    # installed package at start-up (5 ms). Set it to something else to load them.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from agenda_tui import compiled_methods

    compiled_methods.install()
