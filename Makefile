# Two commands for a new user: `make run` and `make test`. Each creates .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/agenda-tui $(ARGS)

# Two workers a core (tests/conftest.py); a worker that runs out of tests takes some of
# another's, so that a few long ones at the end of one share do not leave a core idle.
PYTEST_ARGS ?= -n auto --dist worksteal

test: $(STAMP_TEST)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache snapshot_report.html

screenshots: $(STAMP_RUN)
	$(BIN)/python scripts/screenshots.py

# Ten to twenty minutes (see bench/README.md); `$(BIN)/python -m bench --quick` takes seconds.
# The test extras hold the bench's terminal emulator (pyte).
bench: $(STAMP_TEST)
	$(BIN)/python -m bench
