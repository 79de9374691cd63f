# Hotspotkaart: `make run` starts the app, `make test` runs lint and every test.
# Both create .venv and install what they need on first use.
#
# pyproject.toml holds the dependencies as ranges: [project] for the app, the
# dependency groups `test` and `dev` (PEP 735) for the tests and tools.
# requirements.txt, committed, lists the app's ranges for pip (`make requirements`
# writes it from pyproject.toml); requirements.lock, committed, is the lock: those
# ranges resolved to exact versions (`make lock`). `make lint` checks both. The
# image, `make run` and `make test` install the ranges constrained by the lock, so
# the tests run what ships; pip installs the groups from pyproject.toml itself
# (--group, pip >= 25.1).
# The floors (constraints/floor.txt) get their own environment, .venv-floor.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Second environment: the dependencies at their lower bounds (constraints/floor.txt).
FLOOR_VENV := .venv-floor
PORT ?= 8501

.PHONY: run serve test test-floor lint validate benchmark browser requirements lock clean

# pip >= 25.1 installs dependency groups (--group).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade 'pip>=25.1'

# The app's ranges and the groups as pip reads them, rewritten only when they change,
# so editing tool settings in pyproject.toml reinstalls nothing.
$(VENV)/requirements-%.txt: pyproject.toml scripts/requirements.py | $(BIN)/python
	$(BIN)/python scripts/requirements.py $* --output $@

$(VENV)/.installed-run: requirements.txt requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt -c requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements.lock $(VENV)/requirements-groups.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt -c requirements.lock --group dev
	touch $(VENV)/.installed-run $@

# Built anew whenever the floors or the lists change, so nothing stale stays in it.
$(FLOOR_VENV)/.installed: requirements.txt $(VENV)/requirements-groups.txt constraints/floor.txt
	$(BIN)/python scripts/requirements.py --check-floors constraints/floor.txt
	rm -rf $(FLOOR_VENV)
	$(PYTHON) -m venv $(FLOOR_VENV)
	$(FLOOR_VENV)/bin/python -m pip install --quiet --upgrade 'pip>=25.1'
	$(FLOOR_VENV)/bin/python -m pip install --quiet -r requirements.txt --group test -c constraints/floor.txt
	touch $@

run: $(VENV)/.installed-run
	$(BIN)/streamlit run app.py --server.port $(PORT)

serve: $(VENV)/.installed-run
	WORKERS=$(WORKERS) PORT=$(PORT) bash scripts/serve.sh

# Debian's chromium for the real-browser tests (Playwright's own browser
# download does not work everywhere); installs only when it is missing.
browser:
	@{ command -v chromium && command -v pdftoppm && command -v haproxy && command -v ogrinfo; } >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium, poppler-utils (PDF checks), haproxy (make serve) and gdal-bin (ogrinfo: map file checks) for the tests..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium poppler-utils haproxy gdal-bin >/dev/null; }

# requirements.txt: pyproject.toml's [project] dependencies, the ranges, for pip.
requirements: | $(BIN)/python
	$(BIN)/python scripts/requirements.py run --output requirements.txt

# The lock (for CPython 3.11 on Linux): pyproject.toml's ranges resolved, keeping the pins it has;
# `make lock UPGRADE=1`: the newest versions the ranges allow.
lock: requirements | $(BIN)/python
	$(BIN)/python scripts/requirements.py lock $(if $(UPGRADE),--upgrade) --output requirements.lock

lint: $(VENV)/.installed-dev
	$(BIN)/python scripts/requirements.py --check-ranges requirements.txt --check-lock requirements.lock --check-floors constraints/floor.txt
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

validate: $(VENV)/.installed-run
	$(BIN)/python -m hotspots validate data/hotspots.geojson

# The unit tests and AppTests with every dependency at its floor. Not the load
# test: its client (harness/client.py) speaks the websocket
# protocol of the newest Streamlit (ForwardMsg metadata.run is new in 1.67).
test-floor: $(FLOOR_VENV)/.installed
	$(FLOOR_VENV)/bin/python -m pytest -m "not browser" -q --ignore=tests/test_load.py

test: $(VENV)/.installed-dev browser lint validate test-floor
	$(BIN)/python -m pytest

benchmark: $(VENV)/.installed-dev browser
	$(BIN)/python -m benchmarks.proximity
	$(BIN)/python -m benchmarks.map_browser

clean:
	rm -rf $(VENV) $(FLOOR_VENV) .pytest_cache .ruff_cache .mypy_cache
