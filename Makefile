# futflow — the habits. Every target installs what it needs first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: install up test lint bench documents clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

up: install
	$(PY) -m fut.cli up

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy fut api flows tasks deployments

bench: install
	$(PY) -m bench.render_catalogue
	$(PY) -m bench.lifecycle_latency
	$(PY) -m bench.burst
	$(PY) -m bench.pages_latency
	$(PY) -m bench.statistics
	$(PY) -m bench.follow_up
	$(PY) -m bench.bgmax_import

documents: install
	$(PY) -m fut.documents.preview var/preview

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
