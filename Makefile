# Set-up contract: `make demo` and `make test` work on a fresh machine with Python 3.11+ and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
PLAN ?= plans/melitopol
BASELINE ?= .stratplan-baseline.json

.PHONY: demo test lint schemas docs golden clean venv bench bench-startup bench-data bench-limits bench-review docx-template

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	@mkdir -p build/demo
	@echo "== every finding: the bundled plans carry their documents' defects (alone, validate would exit 1) =="
	$(BIN)/stratplan validate plans/ --format concise --exit-zero
	@echo "== new findings only: the known ones are recorded in $(BASELINE) =="
	$(BIN)/stratplan validate plans/ --baseline $(BASELINE)
	$(BIN)/stratplan validate $(PLAN) --format json --exit-zero > build/demo/validation.json
	$(BIN)/stratplan budget $(PLAN)
	$(BIN)/stratplan export $(PLAN) --format csv -o build/demo/melitopol.csv
	$(BIN)/stratplan report $(PLAN) --year 2023 --format md -o build/demo/melitopol-2023.md
	$(BIN)/stratplan report $(PLAN) --year 2023 --format html -o build/demo/melitopol-2023.html
	$(BIN)/stratplan report $(PLAN) --year 2023 --format docx -o build/demo/melitopol-2023.docx
	@echo "validation report written to build/demo/validation.json"
	@echo "plan rows (one per goal, task and measure) written to build/demo/melitopol.csv"
	@echo "monitoring report for 2023 written to build/demo/melitopol-2023.md, .html and .docx (--format pdf prints it with Chromium)"

# The whole suite: style, types and the layer contracts first (each fails the run), then the tests.
test: lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy src
	$(BIN)/lint-imports

schemas: $(STAMP)
	$(BIN)/stratplan schema --out schemas

docs: $(STAMP)
	$(BIN)/python -m stratplan.output.docgen docs/rules.md
	$(BIN)/python -m stratplan.output.fieldsdoc docs/plan-format.md

# The shipped Word template of `report --format docx`, rebuilt the same byte for byte (a test compares).
docx-template: $(STAMP)
	$(BIN)/python -m stratplan.output.report.docx_template templates/report.docx

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache

golden: $(STAMP)
	STRATPLAN_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_formats.py tests/test_report.py -k "golden"
	git diff --stat tests/golden

# Not part of `make test`: builds the national corpus (1,469 communities, ~200 MB, with BENCH_MONITORING_YEARS years of
# monitoring reports, filled, blank and missing) and times whole commands beside their peers, BENCH_RUNS paired rounds.
# BENCH_SCALE=4 builds four times the national corpus (5,876 communities); BENCH_COUNT sets the number directly.
BENCH_SCALE ?= 1
BENCH_COUNT ?= $(shell expr 1469 \* $(BENCH_SCALE))
BENCH_RUNS ?= 3
BENCH_MONITORING_YEARS ?= 3
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	$(BIN)/python bench/build_corpus.py --count $(BENCH_COUNT) --monitoring-years $(BENCH_MONITORING_YEARS)
	$(BIN)/python bench/run.py --runs $(BENCH_RUNS) --out bench/RESULTS.md

# Not part of `make test` either: the national data commands (Parquet export, status, the SQL views) over the corpus
# with three years of synthetic monitoring; the figures go into their section of bench/RESULTS.md.
bench-data: $(STAMP)
	$(BIN)/python bench/build_corpus.py --count $(BENCH_COUNT) --monitoring-years 3 --out build/bench/data-corpus/plans
	$(BIN)/python bench/data.py --corpus build/bench/data-corpus/plans --into bench/RESULTS.md

# Not part of `make test` either: changes (ten edited files, folders and git), diff and export over the corpus with
# every plan's monitoring filled, each run 3 times (min/median/max); the figures are in bench/RESULTS.md.
bench-review: $(STAMP)
	$(BIN)/python bench/build_corpus.py --count $(BENCH_COUNT) --monitoring-years 4 --monitoring-kind filled --out build/bench/review/plans
	$(BIN)/python bench/review.py --corpus build/bench/review/plans --json build/bench/review.json

# Not part of `make test` either: how long --version, --help and validate of one plan take to start.
bench-startup: $(STAMP)
	$(BIN)/python bench/startup.py --out bench/STARTUP.md

# Not part of `make test` either: issue 20's hostile and unlucky inputs through the whole command line (exit code,
# time, peak memory, output size); docs/RELIABILITY.md quotes the figures. Needs a quiet machine for its times.
bench-limits: $(STAMP)
	$(BIN)/python bench/limits.py --out bench/LIMITS.md
