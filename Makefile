# The two commands a newcomer needs (see README.md):
#   make run    set up a virtual environment and print what is in the corpus
#   make test   set up a virtual environment and run the whole test suite
# Both need only Python 3.11+ on the PATH as python3 (or PYTHON=...).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HF_PYTHON := $(VENV)-hf/bin/python
FLOOR_PYTHON := $(VENV)-floor/bin/python

.PHONY: run test standards fuzz data check-data bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

run: $(BIN)/python
	$(BIN)/python -m pip install --quiet ".[pandas]"
	$(BIN)/binhduong-corpus

test: $(BIN)/python $(VENV)-cff/bin/cffconvert $(HF_PYTHON) $(FLOOR_PYTHON)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m pytest

# Only the checks that run each standard's own tool on what the package ships and emits:
# frictionless, mlcroissant, cffconvert, pybtex, citeproc-py, Hugging Face datasets, SQLite,
# pandas, Polars and DuckDB. `make test` runs them too.
standards: $(BIN)/python $(VENV)-cff/bin/cffconvert $(HF_PYTHON)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m pytest -m standards

# A long hunt for inputs the public functions and the CLI mishandle (tests/test_fuzz.py).
fuzz: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py

# cffconvert pins an old jsonschema that cannot share an environment with the other validators.
$(VENV)-cff/bin/cffconvert:
	$(PYTHON) -m venv $(VENV)-cff
	$(VENV)-cff/bin/python -m pip install --quiet "cffconvert==2.0.0"

# Hugging Face datasets pulls in many packages; its own environment keeps them from shaping the tests'.
$(HF_PYTHON):
	$(PYTHON) -m venv $(VENV)-hf
	$(HF_PYTHON) -m pip install --quiet datasets "pyarrow==26.0.1"

# The lowest versions pyproject.toml allows, for tests/test_floors.py (numpy 2 postdates pandas 2.0).
$(FLOOR_PYTHON):
	$(PYTHON) -m venv $(VENV)-floor
	$(FLOOR_PYTHON) -m pip install --quiet "attrs==23.1.0" "cattrs==23.2.1" "pyarrow==19.0.1" \
		"pandas==2.0.3" "numpy<2" "polars==1.0.0" "duckdb==1.0.0"

# Curator tools: rebuild the Parquet files and manifest from seeds/, or check them.
data: $(BIN)/python
	$(BIN)/python -m binhduong_corpus.build

check-data: $(BIN)/python
	$(BIN)/python -m binhduong_corpus.build --check

# Ratios against the tools a user would pick instead, measured side by side (docs/performance.md).
# tantivy is one peer of the search benchmark; where it does not install, that benchmark says so.
bench: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	-$(BIN)/python -m pip install --quiet tantivy
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_query.py
	$(BIN)/python benchmarks/bench_search.py
	$(BIN)/python benchmarks/bench_calls.py

clean:
	rm -rf $(VENV) $(VENV)-cff $(VENV)-hf $(VENV)-floor build dist .pytest_cache .hypothesis
