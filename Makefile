# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HASH   := $(shell sha1sum pyproject.toml | cut -c1-10)
RUN_STAMP := $(VENV)/.run-$(HASH)
DEV_STAMP := $(VENV)/.dev-$(HASH)
PORT ?= 8000

.PHONY: demo test test-only lint messages makemessages system-deps-run system-deps-test clean

demo: $(RUN_STAMP) system-deps-run messages
	$(BIN)/migdev demo --port $(PORT)

test: $(DEV_STAMP) system-deps-test messages lint test-only

test-only:
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src/migdev/stats
	$(BIN)/lint-imports
	$(BIN)/python scripts/dead_code.py
	DJANGO_SETTINGS_MODULE=migdev.settings.test $(BIN)/migdev makemigrations --check --dry-run

$(VENV)/pyvenv.cfg:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(RUN_STAMP): pyproject.toml $(VENV)/pyvenv.cfg
	$(BIN)/pip install -q -e .
	touch $@

$(DEV_STAMP): pyproject.toml $(VENV)/pyvenv.cfg
	$(BIN)/pip install -q -e '.[dev]'
	touch $(RUN_STAMP) $@

system-deps-run:
	scripts/system-deps.sh run

system-deps-test:
	scripts/system-deps.sh test

messages: $(RUN_STAMP)
	@if command -v msgfmt >/dev/null 2>&1; then \
	  cd src/migdev && DJANGO_SETTINGS_MODULE=migdev.settings.test ../../$(BIN)/migdev compilemessages -v0; \
	else \
	  echo "migdev: gettext's msgfmt is missing (apt-get install gettext): pages will show in English only."; \
	fi

# For developers: refresh the catalogs after changing user-facing strings.
makemessages: $(RUN_STAMP)
	cd src/migdev && DJANGO_SETTINGS_MODULE=migdev.settings.test ../../$(BIN)/migdev makemessages -l ar -l zh_Hans -l fr -l ru -l es -l en --no-obsolete

clean:
	rm -rf $(VENV) var
