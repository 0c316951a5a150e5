# Two commands for a newcomer: `make demo` and `make test`. Both set the machine up first.
SHELL := bash
.DEFAULT_GOAL := test

# npm rewrites node_modules/.package-lock.json on every install: it is missing when node_modules
# is, and older than package-lock.json (or package.json) when those changed since.
NPM_STAMP := node_modules/.package-lock.json

.PHONY: setup tools demo test bench

## setup: npm dependencies (when missing or stale) and the pinned native tools
setup: $(NPM_STAMP) tools

$(NPM_STAMP): package-lock.json package.json
	npm ci
	@touch $@

## tools: toxiproxy-server, vegeta (cached outside the repo) and PostgreSQL server binaries
tools:
	bash scripts/setup-tools.sh

## demo: run the demo drill
demo: setup
	npx --no-install gauntlet demo

## test: the whole test suite
test: setup
	@mkdir -p reports/out
	@rc=0; npx vitest run --reporter=default --reporter=json --outputFile.json=reports/out/vitest-results.json || rc=$$?; \
	  node scripts/test-summary.mjs reports/out/vitest-results.json; exit $$rc

## bench: HTTP load with vegeta
bench: setup
	npx --no-install gauntlet bench
