# Two commands for a newcomer: `make gate` (the release gate) and `make test`. Both set the machine up first.
SHELL := bash
.DEFAULT_GOAL := test

# Node: the machine's when it is new enough (package.json engines), else the pinned LTS that
# scripts/setup-node.sh brings from the npm registry into the tool cache. Its bin/ goes first on
# PATH for every recipe below, and so for everything they start: npm ci (native and optional
# dependencies resolve for this Node), npx, vitest and its workers, tsx, bin/gauntlet.js and every
# child a test spawns, whether it finds node on PATH or uses process.execPath.
NODE_BIN := $(shell bash scripts/setup-node.sh --bin-dir)
ifneq ($(NODE_BIN),)
export PATH := $(NODE_BIN):$(PATH)
NODE_VERSION := $(patsubst node-%,%,$(notdir $(patsubst %/bin,%,$(NODE_BIN))))
else
NODE_VERSION := $(patsubst v%,%,$(shell node --version))
endif

# npm ci replaces node_modules, stamp included: the stamp is missing when node_modules is, when it
# was installed for another Node, and older than package-lock.json (or package.json) when those
# changed since.
NPM_STAMP := node_modules/.gauntlet-npm-ci-node-$(NODE_VERSION)

.PHONY: setup node tools gate demo test bench

## setup: Node (when the machine's is too old), npm dependencies (when missing or stale) and the pinned native tools
setup: node $(NPM_STAMP) tools

## node: a Node new enough for the project (the machine's, or the pinned one from the npm registry)
node:
	@bash scripts/setup-node.sh
	@printf '%-17s %-15s %s  %s\n' 'node on PATH:' 'used by make' "$$(command -v node)" "$$(node --version)"

# Order-only on node: npm ci must run on the Node everything after it runs on.
$(NPM_STAMP): package-lock.json package.json | node
	npm ci
	@touch $@

## tools: toxiproxy-server, vegeta (cached outside the repo) and PostgreSQL server binaries
tools:
	bash scripts/setup-tools.sh

## gate: the release gate against the reference core (contracts, exploration, drills; reports in reports/out/)
gate: setup
	npx --no-install gauntlet gate

## demo: run the demo drill
demo: setup
	npx --no-install gauntlet demo

## test: the whole test suite, then the core's tests again against a real PostgreSQL server
# Pact consumer tests (*.consumer.test.ts) run first, one file at a time, on a quiet machine. Their
# old flake ("expected but not received" under CPU load) was a race in Pact's mock server, fixed
# at its cause in contracts/mock-server-record.ts; `scripts/flake-check.sh` measures the suite on
# a fresh clone (consumer tests 20x, make test 3x). Then everything else, in parallel. The
# second run (scripts/with-postgres.sh: a throwaway server, or DATABASE_URL) runs the core tests
# with testDb() on the server instead of PGlite. The last line is the whole suite's plain
# "tests: …" line (both PGlite runs summed); the target fails if any run fails.
test: setup
	@mkdir -p reports/out && rm -f reports/out/vitest-contracts.json reports/out/vitest-results.json reports/out/vitest-postgres.json
	@ccrc=0; npx vitest run --no-file-parallelism --reporter=default --reporter=json $${GAUNTLET_ALLURE:+--reporter=allure-vitest/reporter} --outputFile.json=reports/out/vitest-contracts.json .consumer.test.ts || ccrc=$$?; \
	  rc=0; npx vitest run --exclude '**/*.consumer.test.ts' --reporter=default --reporter=json $${GAUNTLET_ALLURE:+--reporter=allure-vitest/reporter} --outputFile.json=reports/out/vitest-results.json || rc=$$?; \
	  summary="$$(node scripts/test-summary.mjs reports/out/vitest-contracts.json reports/out/vitest-results.json)"; echo "$$summary"; \
	  pgrc=0; bash scripts/with-postgres.sh npx vitest run core --reporter=default --reporter=json --outputFile.json=reports/out/vitest-postgres.json || pgrc=$$?; \
	  pgsummary="$$(node scripts/test-summary.mjs reports/out/vitest-postgres.json)"; \
	  echo "core on postgres: $$pgsummary"; echo "$$summary"; \
	  if [ $$ccrc -ne 0 ]; then exit $$ccrc; fi; if [ $$rc -ne 0 ]; then exit $$rc; fi; exit $$pgrc

## bench: HTTP load with vegeta
bench: setup
	npx --no-install gauntlet bench
