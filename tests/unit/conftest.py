"""Fixtures shared by the unit tests."""

from __future__ import annotations

import gc

import pytest


@pytest.fixture
def restored_gc():
    """The garbage collector's set-up as it was before the test."""
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    (gc.enable if enabled else gc.disable)()
