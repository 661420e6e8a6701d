#!/usr/bin/env bash
# The traffic-analytics benchmark (issue 4): the jar against DuckDB and a parse-only floor on the
# same generated input, in one run on one machine, with the answers checked against each other.
#
#   bench/run.sh [events]          default 1000000 (about 320 MB of input)
#
# What it does, from the repository root:
#   1. builds once: mvn -B -q -Pbench -DskipTests package (the shipped jar, plus the harness's
#      Java from bench/src/main/java with DuckDB on the test classpath only);
#   2. generates the inputs with the project's EventGenerator into bench/work/ (cached by size,
#      shape, seed and the generator's source, so a changed generator makes new files), in three
#      shapes: base (1 user per 100 events, Zipf popularity), high (as many users as events,
#      drawn uniformly: about 63% of them appear, most once or twice) and skewed (base, with one
#      bot holding half of all events);
#   3. for each mode (user_traffic, minute_traffic, both) on base, and for both on high and
#      skewed: one warm-up run of the jar and of DuckDB, a check that the jar's rows equal
#      DuckDB's exactly (the run stops here if not), then the timed runs, jar and DuckDB
#      interleaved so that drift in the machine's load hits both alike;
#   4. the parse-only floor (one warm-up, then the timed runs);
#   5. prints the tables (medians), with the cardinality ratio (the jar's time on high over its
#      time on base, divided by DuckDB's same ratio; the goal is at most 1.25) and the skew
#      ratio, and saves them to bench/work/results-<events>.md.
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
#   BENCH_SHAPES="base high skewed"   the inputs to measure (base always runs)
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
read -r -a shapes <<<"${BENCH_SHAPES:-base high skewed}"
for shape in "${shapes[@]}"; do
  [[ $shape =~ ^(base|high|skewed)$ ]] || die "BENCH_SHAPES may hold base, high and skewed, got '$shape'"
done
[[ " ${shapes[*]} " == *" base "* ]] || shapes=(base "${shapes[@]}")

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
# The harness uses the current build (its options.Mode, Beam), whatever jar it measures.
bench_cp="target/test-classes:target/traffic-analytics.jar:$(cat target/bench-classpath.txt)"

# --- 2. Inputs ------------------------------------------------------------------------------
mkdir -p "$work"
generator_hash=$(sha1sum src/main/java/com/trafficanalytics/sample/EventGenerator.java | cut -c1-8)
# Inputs of an older generator can never be used again; they are hundreds of MB each.
for stale in "$work"/events-*-gen*.json*; do
  [[ -e $stale && $stale != "$work"/events-*-gen${generator_hash}.json* ]] || continue
  echo "bench: removing $stale (made by another version of the generator)" >&2
  rm -f -- "$stale"
done
declare -A input
for shape in "${shapes[@]}"; do
  case $shape in
    base) shape_args=() ;;
    high) shape_args=(--users="$events" --uniform) ;;
    skewed) shape_args=(--botShare=0.5) ;;
  esac
  name=$shape
  [[ $shape == base ]] && name=""
  input[$shape]="$work/events-${events}${name:+-$name}-seed${seed}-gen${generator_hash}.json"
  if [[ ! -f ${input[$shape]} ]]; then
    echo "bench: generating ${input[$shape]}" >&2
    # Written aside and renamed, so an interrupted run never leaves a truncated file in the cache.
    java -cp target/traffic-analytics.jar com.trafficanalytics.sample.EventGenerator \
      --events="$events" --seed="$seed" "${shape_args[@]}" --output="${input[$shape]}.partial" \
      || die "the generator failed"
    mv "${input[$shape]}.partial" "${input[$shape]}"
  fi
done
input_mb=$(($(stat -c %s "${input[base]}") / 1000000))
echo "bench: inputs ${input[*]} ($events events each, $input_mb MB)" >&2

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

# Measurement names: jar.MODE and duckdb.MODE on the base input, jar.MODE.SHAPE on the others.
label() { # label MODE SHAPE
  if [[ $2 == base ]]; then echo "$1"; else echo "$1.$2"; fi
}

run_jar() { # run_jar MODE SHAPE
  measure "jar.$(label "$1" "$2")" java "${java_opts[@]}" -jar "$jar" --mode="$1" \
    --inputPath="${input[$2]}" --outputDirectory="$work/out/jar-$(label "$1" "$2")" "${jar_args[@]}"
}

run_duckdb() { # run_duckdb MODE SHAPE
  measure "duckdb.$(label "$1" "$2")" java -cp "$bench_cp" com.trafficanalytics.bench.DuckDbBaseline \
    --mode="$1" --inputPath="${input[$2]}" --outputDirectory="$work/out/duckdb-$(label "$1" "$2")"
}

run_floor() {
  measure "floor" java -cp "$bench_cp" com.trafficanalytics.bench.ParseOnlyFloor --inputPath="${input[base]}"
}

# Other work on the machine skews every figure; the table says how busy it was.
load_start=$(cut -d ' ' -f 1 /proc/loadavg)

# --- 3. The three modes, and both on the other shapes ------------------------------------------
# compare MODE SHAPE: stops the run unless the jar's rows equal DuckDB's.
compare() {
  local out
  out=$(label "$1" "$2")
  if ! java -cp "$bench_cp" com.trafficanalytics.bench.CompareOutputs --mode="$1" \
    --expected="$work/out/duckdb-$out" --actual="$work/out/jar-$out" --events="$events"; then
    echo >&2
    echo "bench: ******** WRONG ANSWERS: the jar's $1 rows on the $2 input differ from DuckDB's (above). ********" >&2
    echo "bench: jar output: $work/out/jar-$out   DuckDB output: $work/out/duckdb-$out" >&2
    exit 1
  fi
}

runs_of=() # "MODE SHAPE" pairs, in the order they run
for mode in "${modes[@]}"; do
  runs_of+=("$mode base")
done
for shape in "${shapes[@]}"; do
  [[ $shape == base ]] || runs_of+=("both $shape")
done
for pair in "${runs_of[@]}"; do
  read -r mode shape <<<"$pair"
  echo "bench: mode $mode on $shape: warm-up" >&2
  phase=warmup
  run_jar "$mode" "$shape"
  run_duckdb "$mode" "$shape"
  compare "$mode" "$shape"
  echo "bench: mode $mode on $shape: $runs timed runs" >&2
  phase=timed
  for ((i = 1; i <= runs; i++)); do
    run_jar "$mode" "$shape"
    run_duckdb "$mode" "$shape"
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
  echo "Benchmark: $events events ($input_mb MB, seed $seed; inputs ${shapes[*]}), medians of $runs runs after a warm-up; $(date -u '+%Y-%m-%d %H:%M UTC')"
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
  if ((${#shapes[@]} > 1)); then
    echo
    echo "Cardinality and skew (--mode=both, $events events per input; a ratio is the shape's median over"
    echo "the base input's; cost = the jar's ratio / DuckDB's, the goal for high cardinality is at most 1.25):"
    echo
    echo "| input | users | jar (s) | DuckDB process (s) | DuckDB query (s) | jar ratio | DuckDB process ratio | DuckDB query ratio | cost (process) | cost (query) |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    base_jar=$(median jar.both 3)
    base_duck_process=$(median duckdb.both 3)
    base_duck_query=$(median duckdb.both 4)
    for shape in "${shapes[@]}"; do
      l=$(label both "$shape")
      users=$(cat "$work/out/jar-$l"/user_traffic/*.json 2>/dev/null | wc -l || true)
      j=$(median "jar.$l" 3)
      dp=$(median "duckdb.$l" 3)
      dq=$(median "duckdb.$l" 4)
      jr=$(awk -v a="$j" -v b="$base_jar" 'BEGIN { printf "%.2f", a / b }')
      dpr=$(awk -v a="$dp" -v b="$base_duck_process" 'BEGIN { printf "%.2f", a / b }')
      dqr=$(awk -v a="$dq" -v b="$base_duck_query" 'BEGIN { printf "%.2f", a / b }')
      echo "| $shape | ${users:-?} | $(seconds "$j") | $(seconds "$dp") | $(seconds "$dq") | $jr | $dpr | $dqr | $(awk -v a="$jr" -v b="$dpr" 'BEGIN { printf "%.2f", a / b }') | $(awk -v a="$jr" -v b="$dqr" 'BEGIN { printf "%.2f", a / b }') |"
    done
    echo
    echo "Peak RSS of the jar: $(for shape in "${shapes[@]}"; do printf '%s %s MB; ' "$shape" "$(peak_mb "jar.$(label both "$shape")")"; done)"
  fi
  echo "Reproduce: ${BENCH_JAVA_OPTS:+BENCH_JAVA_OPTS='$BENCH_JAVA_OPTS' }${BENCH_SHAPES:+BENCH_SHAPES='$BENCH_SHAPES' }bench/run.sh $events"
} >"$results"

echo >&2
cat "$results"
echo >&2
echo "bench: table saved to $results; logs in $logs" >&2
