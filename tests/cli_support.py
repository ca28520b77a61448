"""Running the command line inside a test, as a user would from a shell."""

from __future__ import annotations

import pytest

from agenda_tui.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    """agenda-tui ARGS: its exit status, standard output and standard error."""
    with pytest.raises(SystemExit) as caught:
        main(list(args))
    out, err = capsys.readouterr()
    return caught.value.code, out, err


def assert_user_error(code: int, err: str, *expected: str) -> None:
    """Exit status 2 and one line, no traceback, saying each of `expected`."""
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    for text in expected:
        assert text in err, err
