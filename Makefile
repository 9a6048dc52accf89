# The project's commands. `make help` lists them. Each checks what it needs from the
# system first (tools/prerequisites.sh), then sets up a virtual environment in .venv:
# the site's packages (requirements.txt) for serve and build, the test tools too
# (requirements-dev.txt) for the tests.

PYTHON ?= python3
export PYTHON
# The browser tests drive this executable: Debian's chromium by default.
BROWSER ?= /usr/bin/chromium
export BROWSER
export CASEBOOK_BROWSER := $(BROWSER)
PORT ?= 8000
# Material's notice about MkDocs 2.0 on every build: known, and pinned against (mkdocs<2).
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
PY := $(VENV)/bin/python
SITE_STAMP := $(VENV)/.site-$(shell cksum < requirements.txt | cut -d' ' -f1)
ZENSICAL_VENV := .zensical-venv
CFF_VENV := .cffconvert-venv
MUTATION_VENV := .mutmut-venv
MUTATION_STAMP := $(MUTATION_VENV)/.installed-$(shell cksum < requirements-mutation.txt | cut -d' ' -f1)
CFF_STAMP := $(CFF_VENV)/.installed-$(shell cksum < requirements-cffconvert.txt | cut -d' ' -f1)
ZENSICAL_STAMP := $(ZENSICAL_VENV)/.installed-$(shell cksum < requirements-zensical.txt | cut -d' ' -f1)
PROPERDOCS_VENV := .properdocs-venv
PROPERDOCS_STAMP := $(PROPERDOCS_VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.dev-$(shell cksum < requirements-dev.txt | cut -d' ' -f1)

.DEFAULT_GOAL := help
.PHONY: help setup serve build zensical properdocs cffconvert test test-data-sets test-fast mutation validate validator release lock clean

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

setup: $(SITE_STAMP) ## set up the site's environment only (.venv)

serve: $(SITE_STAMP) ## serve the site on http://127.0.0.1:8000/casebook/ (PORT=8001 for another port), rebuilding and reloading on save
	@case "$(PORT)" in ''|*[!0-9]*) echo "make: PORT=$(PORT) is not a port number. Give one from 1024 to 65535, for example: make serve PORT=8001" >&2; exit 1;; esac
	@if [ "$(PORT)" -lt 1 ] || [ "$(PORT)" -gt 65535 ]; then echo "make: PORT=$(PORT) is not a port number. Give one from 1024 to 65535, for example: make serve PORT=8001" >&2; exit 1; fi
	@if ! $(PY) -c "import socket, sys; s = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1])))" $(PORT) 2>/dev/null; then \
	  echo "make: port $(PORT) is in use. Choose another, for example: make serve PORT=8001" >&2; exit 1; fi
	$(PY) -m mkdocs serve --strict --livereload --dev-addr 127.0.0.1:$(PORT)

build: $(SITE_STAMP) ## build the site into site/
	$(PY) -m mkdocs build --strict

zensical: $(SITE_STAMP) $(ZENSICAL_STAMP) ## build the site with Zensical (pre-1.0) into site-zensical/, with the same steps around it
	$(PY) -m macros prepare-docs .zensical/docs
	PYTHONPATH=. $(ZENSICAL_VENV)/bin/zensical build --clean --strict -f .zensical.yml
	$(PY) -m macros finish-site site-zensical
	$(PY) -m macros links site-zensical

properdocs: $(PROPERDOCS_STAMP) ## build the site with ProperDocs (a MkDocs fork) into site-properdocs/
	NO_MKDOCS_2_WARNING=1 $(PROPERDOCS_VENV)/bin/python -m properdocs build --strict -f mkdocs.yml -d site-properdocs

test: ## run every test, browser tests included
	@sh tools/prerequisites.sh site node browser
	@$(MAKE) --no-print-directory $(DEV_STAMP) node_modules/.installed
	$(PY) -m pytest

test-data-sets: ## run every test on the data sets CONTRIBUTING's changes make: a rename and a removal; a correction and a new case (DATA_SETS=moved for one)
	@$(MAKE) --no-print-directory $(DEV_STAMP) node_modules/.installed
	sh tools/test-data-sets.sh $(DATA_SETS)

test-fast: ## run the tests without the browser tests (no chromium needed)
	@sh tools/prerequisites.sh site node
	@$(MAKE) --no-print-directory $(DEV_STAMP) node_modules/.installed
	$(PY) -m pytest -m "not browser and not zensical"

mutation: $(MUTATION_STAMP) ## mutation testing (mutmut) of the modules that write the data, keep text safe and compute the finder and related cases; about an hour; prints the score
	$(MUTATION_VENV)/bin/mutmut run --max-children 2
	$(MUTATION_VENV)/bin/python bench/mutation.py

validator: node_modules/.installed ## compile the "Propose a case" form's validator (docs/javascripts/case-schema.js) after changing the schema
	node tools/compile-validator.mjs

validate: $(SITE_STAMP) ## check every case file, or the ones named: make validate FILE=cases/x.yaml
	$(PY) -m macros validate $(FILE)

release: $(SITE_STAMP) ## set the dataset's version in CITATION.cff, write CHANGELOG.md and .zenodo.json: make release VERSION=0.2.0 [DATE=2026-12-01]
	@if [ -z "$(VERSION)" ]; then echo "make: give the version to release, three numbers, for example: make release VERSION=0.2.0" >&2; exit 1; fi
	$(PY) -m macros validate
	$(PY) -m macros release --version "$(VERSION)" $(if $(DATE),--date "$(DATE)")

lock: ## re-pin requirements*.txt from requirements*.in (needs the package registry)
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	{ echo "# Generated by 'make lock' from requirements.in: every package pinned. Do not edit by hand."; .lock-venv/bin/pip freeze; } > requirements.txt
	.lock-venv/bin/pip install --quiet -r requirements-dev.in
	{ echo "# Generated by 'make lock' from requirements-dev.in: every package pinned. Do not edit by hand."; .lock-venv/bin/pip freeze; } > requirements-dev.txt
	rm -rf .lock-venv

clean: ## remove the virtual environments, node_modules and the built sites
	rm -rf $(VENV) $(ZENSICAL_VENV) $(PROPERDOCS_VENV) $(CFF_VENV) $(MUTATION_VENV) mutants node_modules site site-zensical site-properdocs .zensical .cache test-artifacts

# axe-core, ajv and yaml-language-server for the tests (pinned in package-lock.json).
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The environment: made again, not reused, when its pip does not run (a first attempt
# that failed half-way, before python3-venv was installed, leaves .venv/bin/python).
$(SITE_STAMP): requirements.txt
	@sh tools/prerequisites.sh site
	@$(PY) -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.site-* && touch $@

$(DEV_STAMP): requirements-dev.txt
	@sh tools/prerequisites.sh site
	@$(PY) -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.dev-* $(VENV)/.site-* && touch $@ $(SITE_STAMP)

cffconvert: $(CFF_STAMP) ## check CITATION.cff with cffconvert and print it as BibTeX and APA, as citation tools read it
	$(CFF_VENV)/bin/cffconvert --validate -i CITATION.cff
	$(CFF_VENV)/bin/cffconvert -f bibtex -i CITATION.cff
	$(CFF_VENV)/bin/cffconvert -f apalike -i CITATION.cff

# cffconvert in an environment of its own: it needs an older jsonschema than the site.
$(CFF_STAMP): requirements-cffconvert.txt
	@sh tools/prerequisites.sh site
	@$(CFF_VENV)/bin/python -m pip --version >/dev/null 2>&1 || { rm -rf $(CFF_VENV) && $(PYTHON) -m venv $(CFF_VENV); }
	$(CFF_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-cffconvert.txt
	rm -f $(CFF_VENV)/.installed-* && touch $@

# mutmut in an environment of its own: the test tools and mutmut's own packages.
$(MUTATION_STAMP): requirements-mutation.txt requirements-dev.txt
	@sh tools/prerequisites.sh site
	@$(MUTATION_VENV)/bin/python -m pip --version >/dev/null 2>&1 || { rm -rf $(MUTATION_VENV) && $(PYTHON) -m venv $(MUTATION_VENV); }
	$(MUTATION_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-mutation.txt
	rm -f $(MUTATION_VENV)/.installed-* && touch $@

# Zensical in an environment of its own: its pins differ from MkDocs's.
$(ZENSICAL_STAMP): requirements-zensical.txt
	@sh tools/prerequisites.sh site
	@$(ZENSICAL_VENV)/bin/python -m pip --version >/dev/null 2>&1 || { rm -rf $(ZENSICAL_VENV) && $(PYTHON) -m venv $(ZENSICAL_VENV); }
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	rm -f $(ZENSICAL_VENV)/.installed-* && touch $@

# ProperDocs in place of MkDocs, with the site's other pinned packages (not their MkDocs).
$(PROPERDOCS_STAMP): requirements.txt
	@sh tools/prerequisites.sh site
	@$(PROPERDOCS_VENV)/bin/python -m pip --version >/dev/null 2>&1 || { rm -rf $(PROPERDOCS_VENV) && $(PYTHON) -m venv $(PROPERDOCS_VENV); }
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check properdocs==1.6.7
	grep -v '^mkdocs==' requirements.txt > $(PROPERDOCS_VENV)/requirements.txt
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r $(PROPERDOCS_VENV)/requirements.txt
	rm -f $(PROPERDOCS_VENV)/.installed-* && touch $@
