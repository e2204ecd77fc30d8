#!/usr/bin/env bash
# Runs Briefing's libFuzzer target (Fuzz/) for FUZZ_SECONDS (default 300) with AddressSanitizer.
# The committed seeds in Fuzz/Corpus are copied to a scratch corpus, so runs never change the repo;
# a crash is saved under Fuzz/crashes/ and becomes a regression seed once fixed (copy it to Fuzz/Corpus).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../Fuzz"
seconds="${FUZZ_SECONDS:-300}"
echo "== building the fuzz target (sanitizers: fuzzer, address)"
swift build --scratch-path .build-fuzz -c debug \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
binary="$(swift build --scratch-path .build-fuzz -c debug --show-bin-path \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld)/BriefingFuzz"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp Corpus/* "$work/"
mkdir -p crashes
echo "== fuzzing for ${seconds}s"
"$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix=crashes/ -print_final_stats=1 "$work"
echo "fuzz: ${seconds}s, no crash"
