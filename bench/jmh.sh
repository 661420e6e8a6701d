#!/usr/bin/env bash
# The per-event CPU benchmark (issue 4): the pipeline's own per-line work (line -> strict parse ->
# partial figures of both analyses) against the parse-only floor (Gson's streaming reader pulling
# the three fields), over the same generated lines, in one JMH run. Prints JMH's table and the ratio.
#
#   bench/jmh.sh            build with the bench profile, then run
#   BENCH_SKIP_BUILD=1 bench/jmh.sh
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
awk -F, '
  /parseOnly/            { floor = $5; floor_err = $6 }
  /parseAndPreAggregate/ { ours = $5; ours_err = $6 }
  END {
    if (floor == "" || ours == "") { print "jmh: results missing"; exit 1 }
    printf "\nper line: parse-only floor %.0f ± %.0f ns, parse + pre-aggregate %.0f ± %.0f ns, ratio %.2fx\n",
      floor, floor_err, ours, ours_err, ours / floor
  }' "$results"
