# The two commands: `make demo` and `make test`. Each creates .venv when missing and installs
# the pinned dependencies (requirements.lock constrains every transitive package).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SALESOPS_HOME ?= $(CURDIR)/.salesops
export SALESOPS_HOME
# Test files run on this many processes; a file's tests stay together (they share module fixtures).
TEST_WORKERS ?= 2

.PHONY: install demo test lint dagster benchmark clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required, found " + sys.version)'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	@if [ -d "$(SALESOPS_HOME)/landing" ]; then echo "demo extracts already in $(SALESOPS_HOME)/landing"; \
	else $(BIN)/salesops demo-data; fi
	$(BIN)/salesops run

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

lint: install
	$(BIN)/ruff check .

dagster: install
	DAGSTER_HOME=$(SALESOPS_HOME)/dagster $(BIN)/python -c 'from orchestration.instance import prepare_instance_dir; from orchestration.settings import Settings; s = Settings.from_env(); prepare_instance_dir(s.dagster_home, s.dagster_pg_url)'
	DAGSTER_HOME=$(SALESOPS_HOME)/dagster $(BIN)/dagster dev -w workspace.yaml

benchmark: install
	$(BIN)/python -m benchmarks --scale $${SCALE:-1}

clean:
	rm -rf $(SALESOPS_HOME)
