# kubelab: the two commands a fresh machine needs, and a few helpers.
#
#   make lab      create .venv if missing, install the kit, open JupyterLab on chapter 00
#   make test     create .venv if missing, install the kit, run the whole test suite
#   make execute  rebuild every chapter notebook and store its outputs
#   make browser-test   run every notebook in JupyterLab in headless Chromium, and a terminal beside chapter 00 (part of test)
#   make binder-check   build the Binder environment from binder/ and run nbval in it
#
# Each installs `-e .[course,test]` into .venv (re-installed when pyproject.toml changes).

VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-kubelab

# The first Python >= 3.11 on PATH (the Jupyter stack's current releases need it).
# Override with `make test PYTHON=/path/to/python3.12`.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3 python; do \
            command -v $$p >/dev/null 2>&1 && \
            $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && \
            { echo $$p; break; }; done)

# pytest over tests/ (unit, scenario), kubelab/ (doctests), notebooks/ and widgets/ (nbval);
# see [tool.pytest.ini_options] in pyproject.toml. `--dist loadfile` keeps each notebook on
# one worker: plain `-n 2` would split a notebook's cells across workers and break nbval.
PYTEST_ARGS ?= -n 2 --dist loadfile --durations=10

LAB_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help install lab test lint-imports pytest browser-test chromium execute binder-check clean

help:
	@sed -n '2,9p' Makefile

install: $(STAMP)

$(STAMP): pyproject.toml scripts/lab-overrides.json
	@test -n "$(PYTHON)" || { echo "error: need Python >= 3.11 on PATH (or make PYTHON=...)" >&2; exit 1; }
	@test -x $(BIN)/python || { echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet -e '.[course,test]'
	$(BIN)/python scripts/install_lab_settings.py
	@touch $(STAMP)

# .venv/bin first on PATH: a JupyterLab terminal (and %kubelab connect) finds the kubectl
# scripts/install-kubectl.sh put there, and the kit's own python.
lab: install
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/jupyter lab $(LAB_ARGS) $(or $(wildcard notebooks/00-start-here.ipynb),.)

# The whole suite. Every step runs; the target fails if any step failed.
test: install
	@status=0; \
	$(MAKE) --no-print-directory lint-imports || status=1; \
	$(MAKE) --no-print-directory pytest || status=1; \
	$(MAKE) --no-print-directory browser-test || status=1; \
	exit $$status

lint-imports: install
	$(BIN)/lint-imports --no-cache

# pytest exits 5 when it collected no test at all: say so loudly, but do not fail the
# build on an empty tree (any other non-zero code is a failure).
pytest: install
	@start=$$(date +%s); \
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	echo "pytest: $$(( $$(date +%s) - start )) s, exit code $$rc"; \
	if [ $$rc -eq 5 ]; then echo "WARNING: pytest collected no tests"; exit 0; fi; \
	exit $$rc

# >>> BROWSER TEST HOOK (issue 10) >>>
# Every chapter and playground run in JupyterLab in headless Debian Chromium, driven by
# PyPI playwright (never `playwright install`): tests/browser/lab.py. Chromium comes from
# Debian's packages, installed here when missing (CI runs as root on a fresh machine).
# Screenshots go to artifacts/browser/.
CHROMIUM ?= /usr/bin/chromium

browser-test: install chromium
	@start=$$(date +%s); \
	CHROMIUM=$(CHROMIUM) $(BIN)/python tests/browser/lab.py; rc=$$?; \
	if command -v kubectl >/dev/null; then \
	  CHROMIUM=$(CHROMIUM) $(BIN)/python tests/browser/terminal.py || rc=1; \
	else echo "browser-test: no kubectl on PATH, the terminal test (tests/browser/terminal.py) skipped"; fi; \
	echo "browser-test: $$(( $$(date +%s) - start )) s, exit code $$rc"; exit $$rc

chromium:
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian's chromium (for the browser test)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-color-emoji >/dev/null; }
	@test -x $(CHROMIUM) || { echo "error: no chromium at $(CHROMIUM)" >&2; exit 1; }
	@# the Chinese edition's text needs a CJK font in the browser (the pictures ship their own)
	@fc-list :lang=zh 2>/dev/null | grep -q . || { \
	  echo "Installing Debian's fonts-noto-cjk (Chinese text in the browser test)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends fonts-noto-cjk >/dev/null; }
# <<< BROWSER TEST HOOK <<<

# Rebuild every chapter and playground from its jupytext source (notebooks/src/*.py,
# widgets/src/*.py, and the Chinese edition's notebooks/zh/src, widgets/zh/src) in a fresh kernel and store the outputs nbval then compares; widget
# state is not stored (random ids churn diffs).
execute: install
	$(BIN)/python notebooks/build.py $(sort $(wildcard notebooks/src/*.py)) $(sort $(wildcard widgets/src/*.py)) \
	  $(sort $(wildcard notebooks/zh/src/*.py)) $(sort $(wildcard widgets/zh/src/*.py))

# Build the environment Binder builds from binder/ (runtime.txt's Python, requirements.txt,
# postBuild) in a fresh venv under build/binder, then run the nbval suite in it.
binder-check:
	bash scripts/binder-check.sh

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
