# Two commands: `make run` (app on the bundled sample) and `make test` (everything, browser included).
# Both set themselves up on a fresh machine: a virtualenv from PyPI, Debian's chromium for browser tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
SPARK_STAMP := $(VENV)/.spark-$(shell cksum pyproject.toml | cut -d' ' -f1)
PORT   ?= 8501
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-long setup browser jdk bench sample clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

# pyspark (a 456 MB download) only where Spark runs: make test's tests never start it.
$(SPARK_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,spark]'
	rm -f $(VENV)/.spark-*
	touch $@

setup: $(STAMP)

# Playwright cannot download its own browser here: use Debian's.
browser:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# Spark (make test-long, the engine benchmark) needs Java 17 or newer.
jdk:
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }

run: $(STAMP)
	$(BIN)/python -m cxreport.ui.serve --server.port $(PORT) $(ARGS)

test: $(STAMP) browser
	$(BIN)/python -m pytest -n 2 -m "not long_run"

# The runs make test leaves out for CI's time: every Spark test (local[2], one JVM), the 1M-row
# lake on both engines, two of the four polish sweeps (docs/engines.md).
test-long: $(SPARK_STAMP) jdk
	$(BIN)/python -m pytest -m long_run

# lifetimes is the baseline of the CLV fit and the RFM summary, never a dependency of
# cxreport: installed here only, for the benchmarks.
bench: $(SPARK_STAMP) jdk
	$(BIN)/python -m pip install --quiet --disable-pip-version-check lifetimes
	$(BIN)/python benchmarks/bench_clv_fit.py
	$(BIN)/python benchmarks/bench_orders.py
	$(BIN)/python benchmarks/bench_pages.py
	$(BIN)/python benchmarks/bench_churn.py
	$(BIN)/python benchmarks/bench_churn.py --reuse-freed-memory
	$(BIN)/python benchmarks/bench_order_metrics.py
	$(BIN)/python benchmarks/bench_order_metrics.py --reuse-freed-memory
	$(BIN)/python benchmarks/bench_cli.py
	$(BIN)/python benchmarks/bench_engines.py

sample: $(STAMP)
	$(BIN)/python sample_data/generate.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
