# NollyCrew: `make run` plays the offline sync story, `make test` runs the test suite.
DEB_PACKAGES := libsqlite3-dev libsodium-dev libcurl4-openssl-dev pkg-config poppler-utils
SWIFT_FORMAT := swift format

.PHONY: deps build run demo test bench lint protocol vectors fuzz soak

deps:
	@.ci/ensure-packages $(DEB_PACKAGES)

build: deps
	swift build --product nollycrew

# Shows three nodes syncing over HTTPS, then serves a node (data in .run/node) until Ctrl-C.
run: build
	Sync/scenarios/https-story.sh "$$(swift build --show-bin-path)/nollycrew"
	@bin="$$(swift build --show-bin-path)/nollycrew"; \
	[ -e .run/node/node.db ] || "$$bin" init --data-dir .run/node --name studio >/dev/null; \
	echo; echo "== Now serving a node from .run/node (Ctrl-C stops it)"; \
	echo "   In another terminal: nollycrew peer invite --scopes public --data-dir .run/node"; \
	exec "$$bin" serve --data-dir .run/node

# Both stories, offline (bundles) and connected (HTTPS), ending in identical replicas.
demo: build
	Sync/scenarios/offline-story.sh "$$(swift build --show-bin-path)/nollycrew"
	Sync/scenarios/https-story.sh "$$(swift build --show-bin-path)/nollycrew"

test: deps lint vectors
	swift build --build-tests
	swift test --skip-build --disable-xctest

# The committed protocol test vectors, checked by Python alone (hashlib and `cryptography`).
vectors:
	@python3 -c "import cryptography" 2>/dev/null || .ci/ensure-python-packages cryptography
	python3 Protocol/test-vectors/check_vectors.py

# Release-mode benchmarks; the schedule benchmark runs OR-Tools CP-SAT beside ours (PyPI ortools).
bench: deps
	@python3 -c "import ortools" 2>/dev/null || pip install --quiet ortools || echo "(no ortools: CP-SAT columns skipped)"
	@python3 -c "import jouvence" 2>/dev/null || pip install --quiet jouvence || echo "(no jouvence: comparison skipped)"
	@python3 -c "import tantivy" 2>/dev/null || pip install --quiet tantivy || echo "(no tantivy: comparison skipped)"
	swift build -c release --product nollycrew
	swift build -c release --product federation-benchmark
	swift build -c release --product sync-benchmark
	swift build -c release --product schedule-benchmark
	swift build -c release --product breakdown-benchmark
	swift build -c release --product search-benchmark
	swift build -c release --product media-benchmark
	"$$(swift build -c release --show-bin-path)/sync-benchmark"
	"$$(swift build -c release --show-bin-path)/federation-benchmark"
	"$$(swift build -c release --show-bin-path)/breakdown-benchmark"
	"$$(swift build -c release --show-bin-path)/search-benchmark"
	"$$(swift build -c release --show-bin-path)/media-benchmark"
	"$$(swift build -c release --show-bin-path)/schedule-benchmark" --shared ../shared/scheduling

lint:
	$(SWIFT_FORMAT) lint --strict --recursive Sources Tests Package.swift

# Regenerates the committed protobuf Swift (needs protoc and protoc-gen-swift on PATH).
protocol:
	protoc --swift_opt=Visibility=Public --swift_opt=UseAccessLevelOnImports=true --swift_out=Sources/NollySync/Generated -I Protocol/proto Protocol/proto/nollycrew.proto

# libFuzzer over every decoder a peer or a file reaches, outside CI: FUZZ_RUNS inputs per
# harness (default 10^6), starting from the seeds in Fixtures/fuzz. New inputs are kept in
# .fuzz/corpus, crashes in .fuzz/artifacts (each one becomes a regression test). Leak checks
# per input are off: GRDB's statement cache keeps the first arguments of each statement, which
# LeakSanitizer reports once per statement (a constant 616 bytes, the same after 30 or 3,000 runs).
FUZZERS := fuzz-change fuzz-federation fuzz-request-signature fuzz-bundle fuzz-invite fuzz-search fuzz-role fuzz-media
# Swift 6.3 no longer adds libFuzzer's coverage counters with --sanitize=fuzzer alone (the
# harness then reports "no interesting inputs"); name them.
FUZZ_COVERAGE := -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
FUZZ_RUNS ?= 1000000
fuzz: deps
	@for harness in $(FUZZERS); do \
	    swift build -c release --sanitize=fuzzer --sanitize=address $(FUZZ_COVERAGE) --scratch-path .build-fuzz --product $$harness || exit 1; \
	done
	@mkdir -p .fuzz/artifacts
	@for harness in $(FUZZERS); do \
	    mkdir -p .fuzz/corpus/$$harness; \
	    echo "== $$harness: $(FUZZ_RUNS) inputs"; \
	    ASAN_OPTIONS=detect_leaks=0 .build-fuzz/release/$$harness -runs=$(FUZZ_RUNS) -max_len=65536 -print_final_stats=1 -detect_leaks=0 \
	        -artifact_prefix=.fuzz/artifacts/$$harness- .fuzz/corpus/$$harness Fixtures/fuzz/$$harness 2>&1 \
	        | grep -E "DONE|stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY" || exit 1; \
	done
	@echo "crashes: $$(ls .fuzz/artifacts | wc -l)"

# The deterministic simulator over 10,000 seeds (make test runs 200). A failure names its seed;
# replay it with NOLLYCREW_SIM_FIRST_SEED=<seed> NOLLYCREW_SIM_SEEDS=1 make soak.
SIM_SEEDS ?= 10000
soak: deps
	swift build --build-tests
	NOLLYCREW_SIM_SEEDS=$(SIM_SEEDS) swift test --skip-build --disable-xctest --filter SimulatorTests
