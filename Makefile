# 党建智答 — two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DATA_DIR ?= $(or $(DJQA_DATA_DIR),data)

.PHONY: install install-test test-deps run test test-fast bench eval clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## run: install, build the knowledge base from samples/ when it is empty, start the web app
run: $(VENV)/.installed
	$(PY) -m ingest samples --data-dir $(DATA_DIR) --if-empty
	$(PY) app.py --data-dir $(DATA_DIR)

## test-deps: find or install Debian's chromium and fonts-noto-cjk for the browser tests (apt-get as root,
## otherwise stop with the one command to run)
test-deps:
	scripts/provision-test-deps

## test: install with test extras and the browser tests' system packages, then run every test
test: $(VENV)/.installed-test test-deps
	$(PY) -m pytest

test-fast: $(VENV)/.installed-test
	$(PY) -m pytest -m "not slow"

bench: $(VENV)/.installed-test
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache

## eval: the evaluation suite on the shared corpus, dev and test splits (fresh knowledge base, baselines, reports in eval/out)
CORPUS ?= ../shared/corpus
eval: $(VENV)/.installed-test
	$(PY) -m eval run --dataset eval/datasets/dev.jsonl --test eval/datasets/test.jsonl --corpus $(CORPUS) --out eval/out --gate
