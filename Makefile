# The README's quick start: `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev,bench]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/variorum collate examples/encyclopedia/1949.txt examples/encyclopedia/1953.txt examples/encyclopedia/1956.txt

test: $(STAMP)
	$(BIN)/python -m pytest

# The chardet corpus and the Stemmaweb traditions live in ../shared, which stands beside the
# project on CI machines only: without it those two benchmarks are skipped.
bench: $(STAMP)
	mkdir -p bench-results
	$(BIN)/python benchmarks/bench_collate.py --out bench-results/collate.md
	$(BIN)/python benchmarks/bench_repair.py | tee bench-results/repair.md
	$(BIN)/python benchmarks/bench_encoding.py > bench-results/encoding.md \
		&& cat bench-results/encoding.md || echo "encoding: ../shared absent, skipped"
	$(BIN)/python benchmarks/bench_classify.py | tee bench-results/classify.md
	$(BIN)/python benchmarks/bench_find.py | tee bench-results/find.md
	$(BIN)/python benchmarks/bench_stemmaweb.py > bench-results/stemmaweb.md \
		&& tail -n 40 bench-results/stemmaweb.md || echo "stemmaweb: ../shared absent, skipped"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy --strict src/variorum

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
