PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint bench bench-scale notebooks clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/plans run

test: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadfile

test-fast: $(STAMP)
	$(BIN)/pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests bench tools
	$(BIN)/ruff format --check pipeline tests bench tools

# JupyterLab on notebooks/ (the `notebooks` extra); the notebooks read PLANS_DB, default
# normalized/plans.duckdb: `make notebooks PLANS_DB=/path/to/plans.duckdb`.
notebooks: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,notebooks]'
	PLANS_DB=$(abspath $(or $(PLANS_DB),normalized/plans.duckdb)) $(BIN)/jupyter lab notebooks

bench: $(STAMP)
	$(BIN)/python bench/bench_run.py
	$(BIN)/python bench/bench_pdf.py

bench-scale: $(STAMP)
	$(BIN)/python bench/bench_scale.py

clean:
	rm -rf normalized/*.duckdb normalized/*/ .pytest_cache
