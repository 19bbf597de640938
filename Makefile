# Two commands do all set-up on a fresh machine (Python >= 3.11 and make):
#   make release   build and publish a release of raw/ into output/releases/
#   make test      run the test suite
# Both create .venv from requirements.lock first (uv, pinned, is bootstrapped with pip). Bytecode is compiled
# at install: each run is a fresh process, and compiling pandas & co. from source costs seconds per run.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.9
RAW    ?= raw
OUT    ?= output

.PHONY: release build test validate lock bench bench-dates serve serve-flows clean help

help:
	@echo "make release | make test | make build | make validate | make bench | make bench-dates | make serve | make lock"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python --require-hashes requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

release: $(VENV)/.installed
	$(BIN)/bilateral release --raw $(RAW) --out $(OUT)

build: $(VENV)/.installed
	$(BIN)/bilateral build --raw $(RAW) --out $(OUT)/build

validate: $(VENV)/.installed
	$(BIN)/bilateral validate $(OUT)/releases/latest

test: $(VENV)/.installed
	sh scripts/ensure-chromium.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmark of the build on ../shared corpora (skips when absent); BENCH_ARGS=--quick for a short run.
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

# Scheduled release runs against a Prefect server (start one with: $(BIN)/prefect server start --host 127.0.0.1).
PREFECT_API_URL ?= http://127.0.0.1:4200/api
CRON ?= 0 3 * * *
serve-flows: $(VENV)/.installed
	PREFECT_API_URL=$(PREFECT_API_URL) $(BIN)/python -m flows.serve --raw $(RAW) --out $(OUT) --cron "$(CRON)"

bench-dates: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_dates.py

# Regenerate the lock after editing dependencies in pyproject.toml.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes --no-header -o requirements.lock

# The dataset pages (output/site/) and releases, on http://127.0.0.1:8000/site/
serve: $(VENV)/.installed
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(OUT) 8000

clean:
	rm -rf $(VENV) $(OUT)/build
