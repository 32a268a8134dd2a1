# Two commands: `make run` (app on the bundled sample) and `make test` (everything, browser included).
# Both set themselves up on a fresh machine: a virtualenv from PyPI, Debian's chromium for browser tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PORT   ?= 8501
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-spark setup browser jdk bench sample clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,spark]'
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

# Playwright cannot download its own browser here: use Debian's.
browser:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# Spark (the engine tests) needs Java 17 or newer.
jdk:
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }

run: $(STAMP)
	$(BIN)/python -m cxreport.ui.serve --server.port $(PORT) $(ARGS)

test: $(STAMP) browser jdk
	$(BIN)/python -m pytest -n 2 -m "not engine_full"

# Every engine test that runs on Spark (local[2], one JVM) and the long engine runs: docs/engines.md.
test-spark: $(STAMP) jdk
	$(BIN)/python -m pytest -m "spark or engine_full" -p no:xdist tests/engine

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_orders.py
	$(BIN)/python benchmarks/bench_pages.py
	$(BIN)/python benchmarks/bench_churn.py
	$(BIN)/python benchmarks/bench_order_metrics.py
	$(BIN)/python benchmarks/bench_cli.py
	$(BIN)/python benchmarks/bench_engines.py

sample: $(STAMP)
	$(BIN)/python sample_data/generate.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
