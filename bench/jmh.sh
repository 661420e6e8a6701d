#!/usr/bin/env bash
# The per-event CPU benchmark (issues 4 and 12), three figures over the same chunk of generated
# events (52,000 lines, about one 16 MiB chunk) in one JMH run:
#   whole path   the DoFn's per-chunk code (LineReader, ChunkReader): the chunk's bytes read from a
#                file -> lines -> strict parse -> partial figures of both analyses -> emitted batches
#   from String  the same per-line work starting from a String per line (no bytes, no emitting)
#   floor        Gson's streaming reader pulling the three fields, nothing else
# Prints JMH's table, then the three in ns per line and their ratios. Arguments go to JMH.
#
#   bench/jmh.sh                      build with the bench profile, then run
#   BENCH_SKIP_BUILD=1 bench/jmh.sh -wi 2 -i 3    reuse the build; shorter settings
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  echo "jmh: building (mvn -B -q -Pbench -DskipTests package)" >&2
  mvn -B -q -Pbench -DskipTests ${BENCH_MVN_OPTS:-} package
fi
[[ -f target/bench-classpath.txt && -f target/test-classes/META-INF/BenchmarkList ]] \
  || { echo "jmh: no benchmark build; run without BENCH_SKIP_BUILD=1" >&2; exit 1; }

results=$(mktemp)
trap 'rm -f "$results"' EXIT
java -cp "target/test-classes:target/traffic-analytics.jar:$(cat target/bench-classpath.txt)" \
  org.openjdk.jmh.Main PerEventCpuBenchmark -rf csv -rff "$results" "$@"

# One line a benchmark: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
# The error is NaN with a single iteration; it is then shown as "?".
awk -F, '
  function err(e) { return e ~ /^[0-9.]+$/ ? sprintf("%.0f", e) : "?" }
  /PerEventCpuBenchmark.parseOnly"/                { floor = $5; floor_err = $6 }
  /PerEventCpuBenchmark.parseAndPreAggregate"/     { ours = $5; ours_err = $6 }
  /PerEventCpuBenchmark.readAndPreAggregateChunk"/ { whole = $5; whole_err = $6 }
  END {
    if (floor == "" || ours == "" || whole == "") { print "jmh: results missing" > "/dev/stderr"; exit 1 }
    printf "\nper line (ns): whole path %.0f ± %s, from String %.0f ± %s, parse-only floor %.0f ± %s\n",
      whole, err(whole_err), ours, err(ours_err), floor, err(floor_err)
    printf "ratios: whole path / from String %.2fx, whole path / floor %.2fx, from String / floor %.2fx\n",
      whole / ours, whole / floor, ours / floor
  }' "$results"
