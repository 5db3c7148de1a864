# Kota Cerdas — the commands a developer and CI use. `make help` lists them.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
KC := $(VENV)/bin/kotacerdas
PORT ?= 8000
HOST ?= 127.0.0.1
PYTEST_ARGS ?=
STAMP := $(VENV)/.installed

.PHONY: help install run test test-fast lint fmt bench worker browser messages clean demo

help:
	@echo "make install  create .venv with Python >= 3.12 and the pinned dependencies"
	@echo "make run      migrate, load regions and demo data if empty, serve at http://$(HOST):$(PORT)"
	@echo "make test     the whole suite (unit, views, API, browser)"
	@echo "make lint     ruff, mypy, check --deploy, makemigrations --check"
	@echo "make bench    benchmarks, written to var/bench/"
	@echo "make worker   a background job worker (django-tasks-db)"

$(STAMP): pyproject.toml
	@PYBIN=$$(bin/find-python) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
	  rm -rf $(VENV); echo "Creating $(VENV) with $$PYBIN"; $$PYBIN -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(KC) migrate --noinput
	$(KC) bootstrap --demo
	@echo "Open http://$(HOST):$(PORT)/ and log in."
	$(KC) runserver $(HOST):$(PORT)

demo: install
	$(KC) migrate --noinput
	$(KC) bootstrap --demo

worker: install
	$(KC) db_worker

browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing Debian's chromium for the browser tests"; \
	    (apt-get install -y chromium poppler-utils >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y chromium poppler-utils >/dev/null)) || exit 1; \
	  else echo "The browser tests need Debian's chromium: sudo apt-get install -y chromium poppler-utils"; exit 1; fi; fi
	@command -v pdftotext >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y poppler-utils >/dev/null; } || { echo "Need pdftotext: apt-get install -y poppler-utils"; exit 1; }
	@command -v msgfmt >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y gettext >/dev/null; } || { echo "Need gettext (msgfmt): apt-get install -y gettext"; exit 1; }

test: install browser
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-logo --no-cache
	KOTACERDAS_ENV=production SECRET_KEY=lint-only-$$(head -c 64 /dev/urandom | base64 | tr -d '/+=') ALLOWED_HOSTS=kotacerdas.example KOTACERDAS_SITE_URL=https://kotacerdas.example \
	  $(KC) check --deploy --fail-level WARNING
	$(KC) makemigrations --check --dry-run

fmt: install
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

messages: install
	cd src/kotacerdas && ../../$(KC) makemessages -l id -l en --no-obsolete --ignore 'static/vendor/*' && ../../$(KC) compilemessages

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) var/*.sqlite3 .pytest_cache .mypy_cache .ruff_cache
