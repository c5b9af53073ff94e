# Two commands: `make run` serves the app on localhost:8501, `make test` runs every test
# (`make test-fast`: all but the browser tests and the slow fuzzers, for the edit loop).
# Both set up .venv from nothing first. `make serve` is the production start (README, "Host it").
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
AXE     := node_modules/axe-core/axe.min.js

.PHONY: run serve test test-fast lint bench clean i18n-check

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# axe-core checks the page for WCAG violations in the browser tests (repo-local, never global).
$(AXE):
	npm install --no-save --no-audit --no-fund --no-package-lock axe-core@4.14

run: $(STAMP)
	$(BIN)/streamlit run serve.py --server.port 8501 --server.address localhost --server.fileWatcherType auto

# Production: KRONE_PORT, KRONE_ADDRESS, KRONE_BASE_PATH, KRONE_PUBLIC_URL (ui/host/serve.py, which starts the
# guarded serve.py); health at <base path>/_stcore/health.
serve: $(STAMP)
	$(BIN)/python -m ui.host.serve

# Two processes (pytest-xdist): the suite is mostly waiting on a browser or a second process, or computing
# in one; JOBS=0 runs it in this process alone, JOBS=auto on every core.
JOBS    ?= 2

test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest -q -n $(JOBS)

# The edit loop: every test but the browser tests and the slow fuzzers (tests/conftest.py).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -n $(JOBS) -m "not browser and not slow"

# Missing and unused message keys and mismatched placeholders, per language, against the English catalogue.
i18n-check: $(STAMP)
	$(BIN)/python tools/i18n_check.py

lint: $(STAMP)
	$(BIN)/ruff check simulator ui app.py tests benchmarks scenarios/caseload deploy

# The OpenFisca peer (benchmarks/peer/) runs in its own venv, .peer, with this checkout installed beside it.
PEER    := .peer
PEER_STAMP := $(PEER)/.installed

$(PEER_STAMP): pyproject.toml
	test -x $(PEER)/bin/python || $(PY) -m venv $(PEER)
	$(PEER)/bin/python -m pip install --quiet openfisca-core==46.0.1 -e .
	touch $(PEER_STAMP)

bench: $(STAMP) $(PEER_STAMP)
	PROJECT=. $(PEER)/bin/python benchmarks/peer/compare.py --bar || true
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/caseload.py
	$(BIN)/python benchmarks/frontier.py

clean:
	rm -rf $(VENV) $(PEER) .pytest_cache .hypothesis
