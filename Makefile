# The edition's commands. On a fresh machine: `make book`, then `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BUILD_FLAGS := -n -W --keep-going
SITE := _build/html

.PHONY: book test serve bench env test-env browser clean pin pdf dist

book: env
	$(BIN)/jupyter-book build . --builder html $(BUILD_FLAGS)

# The virtual environment in the repository, from the pinned requirements (re-made when they change).
env: $(VENV)/.installed
$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

test-env: $(VENV)/.tested
$(VENV)/.tested: $(VENV)/.installed requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

# Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser of its own).
browser:
	@if command -v chromium >/dev/null 2>&1; then echo "chromium: $$(command -v chromium)"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	else echo "The browser tests need Debian's chromium package. Install it as root: apt-get install chromium"; exit 1; fi

# The suite runs one strict build itself (incremental after `make book`) and tests what it made.
test: test-env browser
	$(BIN)/python -m pytest

# The whole book on one page, printed to PDF by Debian's Chromium (charts stay vector graphics).
pdf: env browser
	$(BIN)/jupyter-book build . --builder singlehtml $(BUILD_FLAGS)
	$(BIN)/python -m edition.publish pdf

# One zip with the site, the data package, the notebooks and CITATION.cff, readable offline.
dist: book
	$(BIN)/python -m edition.publish dist

serve:
	@test -f $(SITE)/index.html || $(MAKE) book
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(SITE) 8000

# Lighthouse comes from npm, pinned in benchmarks/package.json and package-lock.json (npm ci).
BENCH_PAGES := index.html chapters/08-fall.html chapters/figures/timeline.html chapters/index-persons.html
bench: test-env browser
	@test -f $(SITE)/index.html || $(MAKE) book
	test -x benchmarks/node_modules/.bin/lighthouse || (cd benchmarks && npm ci --no-audit --no-fund)
	$(BIN)/python benchmarks/lighthouse.py
	$(BIN)/python benchmarks/chart_page.py
	$(BIN)/python benchmarks/page_weight.py $(addprefix --page ,$(BENCH_PAGES))
	$(BIN)/python benchmarks/build.py

# Re-resolve the pinned stack (after changing a top-level requirement).
pin:
	rm -rf /tmp/edition-pin && $(PYTHON) -m venv /tmp/edition-pin
	/tmp/edition-pin/bin/pip install --quiet "jupyter-book>=1.0.4.post1,<2" altair vl-convert-python pandas frictionless jupytext sphinxcontrib-bibtex ipykernel nbclient \
		countryinfo sphinx-sitemap sphinxext-opengraph sphinx-notfound-page
	@echo "now copy the output of /tmp/edition-pin/bin/pip freeze into requirements.txt (keep '-e .' last)"

clean:
	rm -rf _build
