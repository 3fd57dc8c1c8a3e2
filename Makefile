# infra-fix's own tasks. Every target bootstraps uv (python3 -m pip install uv) and the locked environment first.
-include .env
export

UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
RUN := $(UV) run --frozen --quiet
CORPUS_DIR ?= corpus-out
SHARED ?= ../shared
PYTHON ?=

.PHONY: help env demo test check lint format format-check typecheck self-check docs docs-check site install-check bench corpus corpus-extra corpus-repos green green-repos big-tox clean

help: ## Print the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-13s %s\n", $$1, $$2}'

env: ## Bootstrap uv and sync the locked environment
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv \
		|| python3 -m pip install --quiet --user --break-system-packages uv  # a system Python (PEP 668)
	@$(UV) sync --frozen --quiet

demo: env ## Run infra-fix --diff on the example repository in fixtures/demo (a copy, as a repository of its own)
	@dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT && cp -R fixtures/demo/. "$$dir" \
		&& git -C "$$dir" init --quiet && git -C "$$dir" add --all \
		&& cd "$$dir" && { $(RUN) --project "$(CURDIR)" infra-fix --diff . || test $$? -eq 1; }

test: env ## Run the test suite (PYTHON=/usr/bin/python3: on that interpreter, in a .venv-pyX.Y.Z of its own)
ifeq ($(PYTHON),)
	@$(RUN) pytest -q -p no:randomly
else
	@version=$$($(PYTHON) -c 'import sys; print(".".join(map(str, sys.version_info[:3])))') \
		&& export UV_PROJECT_ENVIRONMENT=.venv-py$$version \
		&& echo "the test suite on $(PYTHON) ($$version), in .venv-py$$version" \
		&& $(UV) sync --frozen --quiet --python $(PYTHON) \
		&& $(UV) run --frozen --quiet --python $(PYTHON) pytest -q -p no:randomly
endif

check: lint format-check typecheck test self-check ## Everything CI gates on

lint: env ## ruff check
	@$(RUN) ruff check .

format: env ## ruff format
	@$(RUN) ruff format .

format-check: env ## ruff format --check
	@$(RUN) ruff format --check .

typecheck: env ## pyright
	@$(RUN) pyright

self-check: env ## infra-fix --check on this repository
	@$(RUN) infra-fix --check .

install-check: env ## Install the repository with pip, uv tool and pipx into temporary environments (downloads)
	@INFRA_FIX_INSTALL_TESTS=1 $(RUN) pytest -q -p no:randomly tests/install

docs: env ## Regenerate the generated pages of docs/ (rules, blueprint, configuration) from the code
	@$(RUN) python -m infra_fix.docs.gendocs docs

docs-check: env ## Fail when a generated page of docs/ is stale
	@dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT && $(RUN) python -m infra_fix.docs.gendocs "$$dir" \
		&& for f in rules.md blueprint.md configuration.md; do \
			cmp -s "$$dir/$$f" "docs/$$f" || { echo "docs/$$f is stale: run make docs"; exit 1; }; done
	@$(MAKE) --no-print-directory site

site: env ## Build the documentation site into site/ (strict: a warning, a broken link or anchor fails it)
	@out=$$($(RUN) zensical build --strict --clean -f mkdocs.yml 2>&1) || { echo "$$out"; exit 1; }

BENCH_REPOS ?= $(wildcard $(SHARED)/corpus/repos/*/)
bench: env ## Benchmarks (pytest-benchmark), then issue 19's targets side by side with repo-review (perf/compare.py)
	@$(RUN) pytest perf --benchmark-only -q -p no:randomly
	@test -x .bench/bin/repo-review || { $(UV) venv --quiet .bench \
		&& $(UV) pip install --quiet --python .bench/bin/python "repo-review[cli]==1.3.0" sp-repo-review==2026.8.14; }
	@$(RUN) python perf/compare.py --repo-review .bench/bin/repo-review $(BENCH_REPOS)

corpus: env ## Run infra-fix over the public corpus and check the invariants on real files
	@python3 $(SHARED)/corpus/build $(SHARED)/corpus/public.txt $(CORPUS_DIR) > /dev/null
	@$(RUN) python perf/corpus_check.py $(CORPUS_DIR)

corpus-extra: env ## The same check on more projects (perf/corpus-extra.txt)
	@python3 $(SHARED)/corpus/build perf/corpus-extra.txt $(CORPUS_DIR)-extra > /dev/null
	@$(RUN) python perf/corpus_check.py $(CORPUS_DIR)-extra

corpus-repos: env ## The same check on real repositories' files from GitHub (../shared/corpus/repos)
	@$(RUN) pytest -q -p no:randomly perf/test_corpus_check.py
	@$(RUN) python perf/corpus_check.py $(SHARED)/corpus/repos

green: env ## Green stays green: safe fixes keep ruff, ruff format, added hooks and zizmor as they were (sdists' full trees)
	@python3 $(SHARED)/corpus/build $(SHARED)/corpus/public.txt $(CORPUS_DIR) > /dev/null
	@python3 $(SHARED)/corpus/build perf/corpus-extra.txt $(CORPUS_DIR)-extra > /dev/null
	@$(RUN) pytest -q -p no:randomly perf/test_green_check.py
	@$(RUN) python perf/green_check.py $(SHARED)/corpus/public.txt perf/corpus-extra.txt

green-repos: env ## The green check on real repositories' files (../shared/corpus/repos)
	@$(RUN) python perf/green_check.py --repos $(SHARED)/corpus/repos

big-tox: env ## Time infra-fix --check on an 18,000-line tox.ini and 25 workflows (budget: 2 s)
	@$(RUN) python perf/big_tox.py

clean: ## Remove caches and the downloaded corpus
	rm -rf .pytest_cache .ruff_cache .benchmarks .bench $(CORPUS_DIR) $(CORPUS_DIR)-extra
