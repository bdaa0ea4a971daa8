#!/usr/bin/env bash
# Fuzzes the parsers that read attacker-controlled text with libFuzzer: format detection and record assembly,
# the template miner, the JSON parser, the Markdown tracker import, the rule-pack YAML and the secret scrubber.
#
#   Scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET ...]      (default: 300 s, every target)
#   FUZZ_RUNS=N Scripts/fuzz.sh …                           (N inputs per target from a fixed seed: the same run
#                                                            on every machine, as CI wants)
#
# Release build with -sanitize=fuzzer in .build-fuzz/ (the normal build is left alone); a seed corpus from the
# test fixtures; inputs that crash or break a checked property are kept in fuzz-crashes/TARGET/ and make the
# script exit 1. Reproduce one with: LOGTRIAGE_FUZZ_TARGET=TARGET .build-fuzz/release/logtriage-fuzz FILE
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(reader miner json markdown rules scrubber)

LOGTRIAGE_FUZZ=1 swift build -c release --build-path .build-fuzz --product logtriage-fuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library >/dev/null
binary=.build-fuzz/release/logtriage-fuzz
fixtures=Tests/LogTriageCoreTests/Fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seed() {  # the fixtures a target reads, as its starting corpus
  local target=$1 dir=$work/corpus-$1
  mkdir -p "$dir"
  case $target in
    reader|miner|scrubber) find "$fixtures" -type f \( -name '*.log' -o -name '*.txt' -o -name '*.jsonl' \) -size -64k ;;
    json)  # the JSON records of the log fixtures, one per seed
      find "$fixtures" -type f -name '*.log' -exec grep -h '^{' {} + 2>/dev/null | head -200 \
        | awk -v dir="$dir" '{ print > (dir "/record-" NR ".json") }' ;;
    markdown) find "$fixtures" ../shared/seed -type f -name '*.md' -size -256k 2>/dev/null ;;
    rules)  # the built-in pack, whole and one rule per seed
      sed -n '/builtinYAML: String = #"""/,/^"""#/p' Sources/LogTriageCore/Analyse/Rules/BuiltinRules.swift | sed '1d;$d' >"$dir/builtin.yaml"
      awk -v dir="$dir" '/^  - id:/ { n++; file = sprintf("%s/rule-%03d.yaml", dir, n); print "rules:" > file } n { print >> file }' "$dir/builtin.yaml"
      ;;
  esac | head -200 | while read -r file; do cp "$file" "$dir/$(echo "$file" | tr '/' '_')"; done || true
  echo "$dir"
}

repeatable=()
[ -n "${FUZZ_RUNS:-}" ] && repeatable=(-runs="$FUZZ_RUNS" -seed=1)

status=0
for target in "${targets[@]}"; do
  corpus=$(seed "$target")
  crashes=fuzz-crashes/$target
  mkdir -p "$crashes"
  echo "== $target: ${seconds}s, $(ls "$corpus" | wc -l) seed file(s)"
  # SWIFT_BACKTRACE off: libFuzzer must catch the trap itself to keep the input that caused it
  if ! SWIFT_BACKTRACE=enable=no LOGTRIAGE_FUZZ_TARGET=$target "$binary" "$corpus" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -rss_limit_mb=4096 -artifact_prefix="$crashes/" -print_final_stats=1 ${repeatable[@]+"${repeatable[@]}"} 2>"$work/$target.log"; then
    status=1
    echo "   FAILED: input(s) kept in $crashes/"; grep -E "ERROR|Fatal|failure" "$work/$target.log" | head -5 || true
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$work/$target.log" | sed 's/^/   /' || true
  rmdir "$crashes" 2>/dev/null || true
done
exit $status
