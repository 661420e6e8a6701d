#!/usr/bin/env bash
# The traffic-analytics benchmark (issue 4): the jar against DuckDB and a parse-only floor on the
# same generated input, in one run on one machine, with the answers checked against each other.
#
#   bench/run.sh [events]          default 1000000 (about 320 MB of input)
#
# What it does, from the repository root:
#   1. builds once: mvn -B -q -Pbench -DskipTests package (the shipped jar, plus the harness's
#      Java from bench/src/main/java with DuckDB on the test classpath only);
#   2. generates the input with the project's EventGenerator into bench/work/ (cached by size,
#      seed and the generator's source, so a changed generator makes a new file);
#   3. for each mode (user_traffic, minute_traffic, both): one warm-up run of the jar and of
#      DuckDB, a check that the jar's rows equal DuckDB's exactly (the run stops here if not),
#      then the timed runs, jar and DuckDB interleaved so that drift in the machine's load hits
#      both alike;
#   4. the parse-only floor (one warm-up, then the timed runs);
#   5. prints one table (medians) and saves it to bench/work/results-<events>.md.
#
# Each run is its own process, timed from outside (wall clock) with its peak RSS from
# /usr/bin/time -v. The jar's time is the whole process as a user sees it (JVM start included).
# DuckDB's and the floor's times are taken inside the process (JVM start and loading DuckDB's
# native library left out: DuckDB's time runs from an open connection), the strictest reading,
# since a DuckDB command-line user pays neither.
#
# Settings (environment):
#   BENCH_RUNS=3          timed runs per measurement (the median is reported)
#   BENCH_SEED=42         generator seed
#   BENCH_JAVA_OPTS=      JVM options for the jar, e.g. -Xmx1g to check memory stays flat
#   BENCH_JAR_ARGS=       extra pipeline options for the jar, e.g. --targetParallelism=2
#   BENCH_JAR=target/traffic-analytics.jar   the jar to measure (e.g. an older build)
#   BENCH_SKIP_BUILD=1    reuse the existing build
#   BENCH_MVN_OPTS=       extra Maven options for the build, e.g. -o (offline)
set -euo pipefail

die() {
  echo "bench: $*" >&2
  exit 1
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."

events=${1:-1000000}
[[ $events =~ ^[1-9][0-9]*$ ]] || die "events must be a positive integer, got '$events' (usage: bench/run.sh [events])"
(($# <= 1)) || die "usage: bench/run.sh [events]"
runs=${BENCH_RUNS:-3}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, got '$runs'"
seed=${BENCH_SEED:-42}
[[ $seed =~ ^-?[0-9]+$ ]] || die "BENCH_SEED must be an integer, got '$seed'"
jar=${BENCH_JAR:-target/traffic-analytics.jar}
read -r -a java_opts <<<"${BENCH_JAVA_OPTS:-}"
read -r -a jar_args <<<"${BENCH_JAR_ARGS:-}"
read -r -a mvn_opts <<<"${BENCH_MVN_OPTS:-}"
work=bench/work
modes=(user_traffic minute_traffic both)

[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (it measures peak memory); install it: apt-get install time"
command -v java >/dev/null || die "java is not on the PATH (Java 17 is needed)"

# --- 1. Build -------------------------------------------------------------------------------
if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
  command -v mvn >/dev/null || die "mvn is not on the PATH (or set BENCH_SKIP_BUILD=1 to reuse a build)"
  echo "bench: building (mvn -B -q -Pbench -DskipTests package ${mvn_opts[*]})" >&2
  mvn -B -q -Pbench -DskipTests "${mvn_opts[@]}" package || die "the build failed"
fi
[[ -f target/traffic-analytics.jar ]] || die "target/traffic-analytics.jar is missing: build without BENCH_SKIP_BUILD"
[[ -f target/bench-classpath.txt && -f target/test-classes/com/trafficanalytics/bench/DuckDbBaseline.class ]] \
  || die "the harness is not built: run without BENCH_SKIP_BUILD (the build needs -Pbench)"
[[ -f $jar ]] || die "BENCH_JAR=$jar does not exist"
bench_cp="target/test-classes:$(cat target/bench-classpath.txt)"

# --- 2. Input -------------------------------------------------------------------------------
mkdir -p "$work"
generator_hash=$(sha1sum src/main/java/com/trafficanalytics/sample/EventGenerator.java | cut -c1-8)
input="$work/events-${events}-seed${seed}-gen${generator_hash}.json"
if [[ ! -f $input ]]; then
  # Inputs of an older generator can never be used again; they are hundreds of MB each.
  for stale in "$work"/events-*-gen*.json*; do
    [[ -e $stale && $stale != "$work"/events-*-gen${generator_hash}.json* ]] || continue
    echo "bench: removing $stale (made by another version of the generator)" >&2
    rm -f -- "$stale"
  done
  echo "bench: generating $input" >&2
  # Written aside and renamed, so an interrupted run never leaves a truncated file in the cache.
  java -cp target/traffic-analytics.jar com.trafficanalytics.sample.EventGenerator \
    --events="$events" --seed="$seed" --output="$input.partial" || die "the generator failed"
  mv "$input.partial" "$input"
fi
input_mb=$(($(stat -c %s "$input") / 1000000))
echo "bench: input $input ($events events, $input_mb MB)" >&2

# --- Measuring ------------------------------------------------------------------------------
logs="$work/logs"
rm -rf "$logs"
mkdir -p "$logs"

# measure NAME CMD...: runs CMD under /usr/bin/time; appends "PHASE NAME wall_s inner_s rss_kb"
# to $logs/results (PHASE: $phase, warmup or timed; inner_s: the "BENCH seconds=" the program
# printed, or - if none).
phase=warmup
measure() {
  local name=$1
  shift
  local log start end
  start=$(date +%s%N)
  log="$logs/$name.$phase.$start"
  if ! /usr/bin/time -v -o "$log.time" "$@" >"$log.out" 2>"$log.err"; then
    echo "bench: FAILED ($name): $*" >&2
    tail -n 30 "$log.err" >&2
    die "a run failed; its full output is in $log.err"
  fi
  end=$(date +%s%N)
  local wall inner rss
  wall=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')
  inner=$(sed -n 's/^BENCH seconds=\([0-9.]*\).*/\1/p' "$log.out" | tail -n 1)
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log.time")
  echo "$phase $name $wall ${inner:--} $rss" >>"$logs/results"
  printf 'bench:   %-22s %7.2f s wall%s, %5d MB peak RSS\n' "$name" "$wall" \
    "${inner:+ ($inner s inside)}" $((rss / 1024)) >&2
}

run_jar() { # run_jar MODE
  measure "jar.$1" java "${java_opts[@]}" -jar "$jar" --mode="$1" --inputPath="$input" \
    --outputDirectory="$work/out/jar-$1" "${jar_args[@]}"
}

run_duckdb() { # run_duckdb MODE
  measure "duckdb.$1" java -cp "$bench_cp" com.trafficanalytics.bench.DuckDbBaseline \
    --mode="$1" --inputPath="$input" --outputDirectory="$work/out/duckdb-$1"
}

run_floor() {
  measure "floor" java -cp "$bench_cp" com.trafficanalytics.bench.ParseOnlyFloor --inputPath="$input"
}

# Other work on the machine skews every figure; the table says how busy it was.
load_start=$(cut -d ' ' -f 1 /proc/loadavg)

# --- 3. The three modes ---------------------------------------------------------------------
for mode in "${modes[@]}"; do
  echo "bench: mode $mode: warm-up" >&2
  phase=warmup
  run_jar "$mode"
  run_duckdb "$mode"
  if ! java -cp "$bench_cp" com.trafficanalytics.bench.CompareOutputs --mode="$mode" \
    --expected="$work/out/duckdb-$mode" --actual="$work/out/jar-$mode" --events="$events"; then
    echo >&2
    echo "bench: ******** WRONG ANSWERS: the jar's $mode rows differ from DuckDB's (above). ********" >&2
    echo "bench: jar output: $work/out/jar-$mode   DuckDB output: $work/out/duckdb-$mode" >&2
    exit 1
  fi
  echo "bench: mode $mode: $runs timed runs" >&2
  phase=timed
  for ((i = 1; i <= runs; i++)); do
    run_jar "$mode"
    run_duckdb "$mode"
  done
done

# --- 4. The parse-only floor ----------------------------------------------------------------
echo "bench: parse-only floor: warm-up and $runs timed runs" >&2
phase=warmup
run_floor
phase=timed
for ((i = 1; i <= runs; i++)); do
  run_floor
done

# --- 5. The table ---------------------------------------------------------------------------
load_end=$(cut -d ' ' -f 1 /proc/loadavg)
# median NAME COLUMN: median of that column over NAME's timed runs (3 = wall, 4 = inside).
median() {
  awk -v name="$1" -v col="$2" '$1 == "timed" && $2 == name { print $col }' "$logs/results" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
seconds() { awk -v s="$1" 'BEGIN { printf "%.2f", s }'; }
peak_mb() {
  awk -v name="$1" '$1 == "timed" && $2 == name && $5 > max { max = $5 } END { printf "%d", max / 1024 }' "$logs/results"
}
# rate SECONDS: events per second with thousands separators (the C locale has none).
rate() {
  awk -v n="$events" -v s="$1" 'BEGIN {
    r = sprintf("%d", n / s); out = ""
    while (length(r) > 3) { out = "," substr(r, length(r) - 2) out; r = substr(r, 1, length(r) - 3) }
    print r out
  }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }

duckdb_version=$(sed -n 's/^DuckDbBaseline: DuckDB \(v[^,]*\),.*/\1/p' "$logs"/duckdb.*.err | sed -n 1p)
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
java_version=$(java -version 2>&1 | sed -n 1p)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"
if [[ ${BENCH_SKIP_BUILD:-} == 1 ]]; then
  # The reused build may be older than the commit named above.
  commit="$commit; build reused, jar of $(date -u -r target/traffic-analytics.jar '+%Y-%m-%d %H:%M UTC')"
fi

results="$work/results-$events.md"
{
  echo "Benchmark: $events events ($input_mb MB, seed $seed), medians of $runs runs after a warm-up; $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "Machine: $(nproc) cores ($cpu), $(free -g | awk '/^Mem:/ { print $2 }') GiB; $java_version; DuckDB ${duckdb_version:-?}; commit $commit"
  load_note="load average $load_start before, $load_end after"
  if awk -v a="$load_start" -v b="$load_end" -v n="$(nproc)" 'BEGIN { exit !(a > n || b > n) }'; then
    load_note="$load_note: OTHER WORK WAS RUNNING, the figures are noisy"
  fi
  echo "Load: $load_note"
  if [[ -n ${BENCH_JAVA_OPTS:-}${BENCH_JAR_ARGS:-} || $jar != target/traffic-analytics.jar ]]; then
    echo "Jar: java ${BENCH_JAVA_OPTS:-} -jar $jar ${BENCH_JAR_ARGS:-}"
  fi
  echo
  # Two ratios: to DuckDB's query alone (the strictest), and to its whole process (JVM start and
  # native library load included), which is like for like with the jar's whole process.
  echo "| mode | run | median wall (s) | events/s | peak RSS (MB) | vs DuckDB query | vs DuckDB process |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
  for mode in "${modes[@]}"; do
    jar_s=$(median "jar.$mode" 3)
    duck_s=$(median "duckdb.$mode" 4)
    duck_process_s=$(median "duckdb.$mode" 3)
    echo "| $mode | jar (\`java -jar\`, whole process) | $(seconds "$jar_s") | $(rate "$jar_s") | $(peak_mb "jar.$mode") | $(ratio "$jar_s" "$duck_s") | $(ratio "$jar_s" "$duck_process_s") |"
    echo "| $mode | DuckDB, 2 threads (query time; process $(seconds "$duck_process_s") s) | $(seconds "$duck_s") | $(rate "$duck_s") | $(peak_mb "duckdb.$mode") | 1.0x | |"
  done
  floor_s=$(median floor 4)
  echo "| (any) | parse-only floor: Gson JsonReader, 1 thread (loop time) | $(seconds "$floor_s") | $(rate "$floor_s") | $(peak_mb floor) | $(ratio "$floor_s" "$(median duckdb.both 4)") (of both) | |"
  echo
  echo "Wall times: the jar's is its whole process, as a user sees it. DuckDB's is its query time from an"
  echo "open connection (what the DuckDB command line would take); its JDBC process, with JVM start and"
  echo "native library load, took $(seconds "$(median duckdb.both 3)") s for both. The floor's is its read-and-parse loop."
  echo "Rows: the jar's user_traffic and minute_traffic rows equal DuckDB's exactly in every mode."
  echo "Reproduce: bench/run.sh $events"
} >"$results"

echo >&2
cat "$results"
echo >&2
echo "bench: table saved to $results; logs in $logs" >&2
