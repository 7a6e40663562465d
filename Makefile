# Stegvis — the two commands a person needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stegvis-installed
PYTEST_ARGS ?=
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test lint bench screenshots translations package package-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,postgres]"
	touch $(STAMP)

run: | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[postgres]"
	env -u QT_QPA_PLATFORM $(BIN)/stegvis

# pytest exits 5 when it collects no test: that is a failure of the suite, say so clearly.
test: $(STAMP)
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$rc

lint: $(STAMP)
	$(BIN)/ruff check planner ui tests bench
	$(BIN)/mypy planner

bench: $(STAMP)
	$(BIN)/python bench/run.py

screenshots: $(STAMP)
	$(BIN)/python -m ui.screenshots screenshots/sv --lang sv
	$(BIN)/python -m ui.screenshots screenshots/en --lang en

translations: $(STAMP)
	$(BIN)/pybabel extract -F translations/babel.cfg -k N_ -k ngettext:1,2 -k pgettext:1c,2 --no-location --sort-output \
	  --project=Stegvis --copyright-holder="Stegvis developers" -o translations/stegvis.pot planner ui
	for lang in sv en; do \
	  if [ -f translations/$$lang/LC_MESSAGES/stegvis.po ]; then \
	    $(BIN)/pybabel update -i translations/stegvis.pot -d translations -D stegvis -l $$lang --no-fuzzy-matching --ignore-obsolete; \
	  else \
	    $(BIN)/pybabel init -i translations/stegvis.pot -d translations -D stegvis -l $$lang; \
	  fi; \
	done
	$(BIN)/python scripts/fill_english.py translations/en/LC_MESSAGES/stegvis.po
	$(BIN)/pybabel compile -d translations -D stegvis --statistics

package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[package]"
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build packaging/stegvis.spec

# The frozen build on its own: bundle contents, --self-test, the CLI on a real file, the app offscreen (and on xcb
# when there is a display). Standard-library Python only.
package-test:
	$(PYTHON) packaging/smoke_test.py dist/stegvis

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
