# Two commands for a new user: `make serve` and `make test`. Each sets up .venv by itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Silence the end-of-life banners Material and mkdocs-redirects print on every build.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build zensical test transcripts bench clean

# The stamp files re-run pip only when a requirements file changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.build-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.build-installed

serve: $(VENV)/.build-installed  ## live-reloading preview on http://127.0.0.1:8000/
	$(BIN)/mkdocs serve --livereload

build: $(VENV)/.build-installed  ## the site, as published, into site/
	$(BIN)/mkdocs build --strict

zensical: $(VENV)/.dev-installed  ## the same site built with Zensical instead, into site/ (not published; see CONTRIBUTING.md)
	$(BIN)/python -m zensical build -f zensical.yml
	$(BIN)/python -m lab.site.postbuild site docs

test: $(VENV)/.dev-installed  ## every test: build, HTML checks, samples, browser, workflows
	$(BIN)/python -m pytest

transcripts: $(VENV)/.dev-installed  ## record what the Try-it scripts print on the private engine (after a deliberate change)
	LAB4_RECORD_TRANSCRIPTS=1 LAB4_IMAGE_STORE=overlay2 $(BIN)/python -m pytest tests/test_engine_try.py

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund
	touch $@

bench: $(VENV)/.dev-installed bench/node_modules/.installed  ## Lighthouse, page weight, build time vs budgets
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf site $(VENV) bench/node_modules bench/out .cache
