# Two commands for a newcomer: `make gate` (the release gate) and `make test`. Both set the machine up first.
SHELL := bash
.DEFAULT_GOAL := test

# npm rewrites node_modules/.package-lock.json on every install: it is missing when node_modules
# is, and older than package-lock.json (or package.json) when those changed since.
NPM_STAMP := node_modules/.package-lock.json

.PHONY: setup tools gate demo test bench

## setup: npm dependencies (when missing or stale) and the pinned native tools
setup: $(NPM_STAMP) tools

$(NPM_STAMP): package-lock.json package.json
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
