# Hotspotkaart: `make run` starts the app, `make test` runs lint and every test.
# Both create .venv and install what they need on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint validate benchmark browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed-run $@

run: $(VENV)/.installed-run
	$(BIN)/streamlit run app.py --server.port $(PORT)

# Debian's chromium for the real-browser tests (Playwright's own browser
# download does not work everywhere); installs only when it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

validate: $(VENV)/.installed-run
	$(BIN)/python -m hotspots validate data/hotspots.geojson

test: $(VENV)/.installed-dev browser lint validate
	$(BIN)/python -m pytest

benchmark: $(VENV)/.installed-dev browser
	$(BIN)/python benchmarks/proximity.py
	$(BIN)/python benchmarks/map_browser.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
