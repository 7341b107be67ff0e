# The two commands a fresh machine needs: `make run` (the app on SQLite with demo data) and
# `make test` (lint, types, the whole test suite). Both create .venv and install first.

VENV    := .venv
PY      := $(VENV)/bin/python
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-stamp
DEMO    := .demo
HOST    ?= 127.0.0.1
PORT    ?= 8000

.PHONY: run test lint typecheck pytest bench docs install clean tagger

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m hindsight.quality.person_names  # derive the names index once (~30 s), not per request
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/hindsight demo --path $(DEMO)
	cd $(DEMO) && ../$(BIN)/hindsight serve --demo --host $(HOST) --port $(PORT)

# retrain redaction's name tagger after the labelled sets in tests/data/share change (~1 min)
tagger: $(STAMP)
	$(PY) -m hindsight.share.redact_tagger tests/data/share

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadfile

test: lint typecheck pytest

BENCHES := template_accuracy ingest_bench blame_bench blame_agreement redaction_eval redaction_pathological \
           render_bench rca_speed \
           category_icco similar_eval search_bench metrics_bench web_bench pull_bench

bench: $(STAMP)
	@mkdir -p bench/results
	@command -v wrk >/dev/null || echo "note: web_bench drives load with wrk (apt-get install wrk)"
	@for b in $(BENCHES); do echo "== bench/$$b.py"; PYTHONPATH=. $(PY) bench/$$b.py || exit 1; done

docs: $(STAMP)
	$(BIN)/typer hindsight.cli.main utils docs --name hindsight --title "hindsight CLI reference" --output docs/cli.md

clean:
	rm -rf $(DEMO) .pytest_cache .mypy_cache .ruff_cache
