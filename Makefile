# Developer entry points. `make test` is what CI runs (via .ci/run).
# The venv is reused; packages are reinstalled only when pyproject.toml changes (stamp files).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# Stamp files: newer than pyproject.toml means the install is current.
STAMP := $(VENV)/.installed
STAMP_DEV := $(VENV)/.installed-dev

.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
.PHONY: help install install-dev demo test lint bench docs clean distclean

help:
	@echo "make demo       install the app and run 'goodwill demo'"
	@echo "make test       lint (ruff, mypy, import-linter), then pytest -n auto"
	@echo "make lint       only the static checks"
	@echo "make bench      run the benchmarks"
	@echo "make docs       regenerate docs/cli.md from the CLI"
	@echo "make clean      remove caches, build output and install stamps"
	@echo "make distclean  clean, and delete the virtualenv too"
	@echo "(PYTHON=$(PYTHON) is used to create $(VENV) if it is missing)"

# The interpreter stands for "the venv exists"; it is an order-only prerequisite below so that
# touching files inside .venv never triggers a reinstall.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e .
	touch $@

# The dev extra includes the runtime dependencies, so it satisfies the plain install too.
$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e '.[dev]'
	touch $@ $(STAMP)

install: $(STAMP)

install-dev: $(STAMP_DEV)

demo: $(STAMP)
	$(BIN)/goodwill demo

lint: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Static checks first: they are fast and their failures explain many test failures.
test: lint
	$(BIN)/pytest -n auto

bench: $(STAMP)
	$(BIN)/python -m benchmarks

docs: $(STAMP_DEV)
	COLUMNS=80 $(BIN)/typer goodwill.cli.app utils docs --name goodwill --output docs/cli.md

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache
	find . -path ./$(VENV) -prune -o -name '*.egg-info' -type d -prune -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -f $(STAMP) $(STAMP_DEV)

distclean: clean
	rm -rf $(VENV)
