"""The `agenda-tui` command: the command line, started with the cycle collector paused.

Start-up makes objects that live as long as the process: modules, pydantic's
validators, the agenda, the widgets. Collecting cycles among them finds nothing, and
took about 5% of the time to the first frame (bench/README.md). The UI resumes
collection once it has started (`memory.long_lived_from_now`); every other command
as soon as it is known (`cli.cli`).
"""

from __future__ import annotations

import gc
import os


def main(argv: list[str] | None = None) -> None:
    gc.disable()
    # agenda-tui uses no pydantic plugins: looking for them reads the metadata of every
    # installed package at start-up (5 ms). Set it to something else to load them.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from agenda_tui.cli import main as cli_main

    cli_main(argv)
