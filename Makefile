# conflict-kg: `make demo` builds the graph of seeds/ and sums it up in a few lines;
# `make test` runs the test suite. Both create .venv on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
OUT := out

.PHONY: demo test install clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m kg.gazetteer_index
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/kg build seeds -o $(OUT)/seeds.trig
	$(BIN)/kg export --graph $(OUT)/seeds.trig -o $(OUT)/seeds.ttl
	@echo
	@$(BIN)/kg stats --graph $(OUT)/seeds.trig --format summary
	@echo "  (kg is $(BIN)/kg: run '. $(BIN)/activate' to call it as kg)"

# pytest in TEST_WORKERS processes (pytest-xdist), each test file whole in one of them so that
# its module fixtures are built once; TEST_WORKERS=0 runs it in this one process.
TEST_WORKERS ?= 2

test: $(VENV)/.installed
	$(BIN)/ruff check kg tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

bench: $(VENV)/.installed
	$(BIN)/python bench/build.py --reports $${REPORTS:-10000}

clean:
	rm -rf $(OUT) .pytest_cache
