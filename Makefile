# NollyCrew: `make run` plays the offline sync story, `make test` runs the test suite.
DEB_PACKAGES := libsqlite3-dev libsodium-dev libcurl4-openssl-dev pkg-config poppler-utils
SWIFT_FORMAT := swift format

.PHONY: deps build run test bench lint protocol

deps:
	@.ci/ensure-packages $(DEB_PACKAGES)

build: deps
	swift build --product nollycrew

run: build
	Sync/scenarios/offline-story.sh "$$(swift build --show-bin-path)/nollycrew"

test: deps lint
	swift build --build-tests
	swift test --skip-build --disable-xctest

# Release-mode benchmarks; the schedule benchmark runs OR-Tools CP-SAT beside ours (PyPI ortools).
bench: deps
	@python3 -c "import ortools" 2>/dev/null || pip install --quiet ortools || echo "(no ortools: CP-SAT columns skipped)"
	@python3 -c "import jouvence" 2>/dev/null || pip install --quiet jouvence || echo "(no jouvence: comparison skipped)"
	swift build -c release --product sync-benchmark
	swift build -c release --product schedule-benchmark
	swift build -c release --product breakdown-benchmark
	"$$(swift build -c release --show-bin-path)/sync-benchmark"
	"$$(swift build -c release --show-bin-path)/breakdown-benchmark"
	"$$(swift build -c release --show-bin-path)/schedule-benchmark" --shared ../shared/scheduling

lint:
	$(SWIFT_FORMAT) lint --strict --recursive Sources Tests Package.swift

# Regenerates the committed protobuf Swift (needs protoc and protoc-gen-swift on PATH).
protocol:
	protoc --swift_opt=Visibility=Public --swift_out=Sources/NollySync/Generated -I Protocol/proto Protocol/proto/nollycrew.proto
