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

# Both cores: the Pilot and property tests take about two minutes this way.
PYTEST_ARGS ?= -n auto

test: $(STAMP_TEST)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache snapshot_report.html

screenshots: $(STAMP_RUN)
	$(BIN)/python scripts/screenshots.py

# One to four minutes (see bench/README.md); `$(BIN)/python -m bench --quick` takes seconds.
bench: $(STAMP_RUN)
	$(BIN)/python -m bench
