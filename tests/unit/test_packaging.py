"""The wheel carries the symposium, so the installed command works from any folder;
the data layer stands without Textual."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out),
         str(REPO_ROOT)],
        check=True, timeout=300, capture_output=True,
    )
    [built] = out.glob("agenda_tui-*.whl")
    return built


def test_wheel_contains_the_agenda_and_styles(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    assert "agenda_tui/agendas/symposium-genai-physsci-2024.toml" in names
    assert any(name.endswith(".tcss") for name in names)


def test_installed_wheel_lists_the_symposium_from_elsewhere(wheel: Path, tmp_path: Path):
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "from agenda_tui.paths import embedded_agenda_path as p; print(p())"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert where.startswith(str(target))
    listing = subprocess.run([sys.executable, "-m", "agenda_tui", "list", "--day", "1"],
                             cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60)
    assert listing.returncode == 0, listing.stderr
    assert len(listing.stdout.splitlines()) == 8


SOURCE = REPO_ROOT / "src" / "agenda_tui"
# Every module outside tui/, found on disk so that a new one is checked too.
HEADLESS = sorted(
    ".".join(path.relative_to(SOURCE.parent).with_suffix("").parts)
    for path in SOURCE.rglob("*.py")
    if "tui" not in path.relative_to(SOURCE).parts and path.name != "__main__.py"
)


def test_the_headless_list_covers_the_data_layer():
    assert {"agenda_tui.agenda_file", "agenda_tui.search", "agenda_tui.export", "agenda_tui.importing",
            "agenda_tui.formats.frab_xml", "agenda_tui.cli"} <= set(HEADLESS)


@pytest.mark.parametrize("module", HEADLESS)
def test_data_layer_does_not_import_textual(module: str):
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
