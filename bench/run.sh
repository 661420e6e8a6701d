#!/usr/bin/env bash
# The traffic-analytics benchmark (issues 4, 8 and 12): the jar against DuckDB and a parse-only
# floor on the same generated input, in one run on one machine, with the answers checked against
# each other; the marginal CPU per event of a real run against the JMH figure of the per-line path;
# and the README's sample run, optionally against an older jar.
#
#   bench/run.sh [events]          default 1000000 (about 320 MB of input; 4x that for the
#                                  marginal figure)
#
# What it does, from the repository root:
#   1. builds once: mvn -B -q -Pbench -DskipTests package (the shipped jar, plus the harness's
#      Java from bench/src/main/java with DuckDB on the test classpath only);
#   2. generates the inputs with the project's EventGenerator into bench/work/ (cached by size,
#      shape, seed and the generator's source, so a changed generator makes new files), in three
#      shapes: base (1 user per 100 events, Zipf popularity), high (as many users as events,
#      drawn uniformly: about 63% of them appear, most once or twice) and skewed (base, with one
#      bot holding half of all events);
#      A fourth input, base at 4x the events, serves the marginal figure (step 3; each timed
#      run on it has a run on base beside it, since the figure subtracts one size from the other);
#   3. for each mode (user_traffic, minute_traffic, both) on base, for both on high and skewed,
#      and for both on base at 4x the events: one warm-up run of the jar and of DuckDB, a check
#      that the jar's rows equal DuckDB's exactly (the run stops here if not), then the timed
#      runs, jar and DuckDB interleaved so that drift in the machine's load hits both alike (on
#      high and skewed, each round also runs the jar and DuckDB on base beside them, which the
#      cost of cardinality and skew is measured against);
#   4. the parse-only floor (one warm-up, then the timed runs);
#   5. the JMH benchmark of the per-line path, briefly (bench/jmh.sh with BENCH_JMH_ARGS): its
#      whole-path figure (a chunk's bytes -> lines -> parse -> partial figures, in ns per line),
#      on the current build's classes whatever jar is measured;
#   6. the sample run: the README's first command with --mode=both on data/events.json (5,000
#      events), one warm-up and the timed runs; with BENCH_BEFORE_JAR, that jar's same run
#      (java -jar) interleaved with it pair by pair;
#   7. prints the tables (medians), with the cardinality ratio (the jar's time on high over its
#      time on base, divided by DuckDB's same ratio; the goal is at most 1.25) and the skew
#      ratio; the marginal CPU per event, (cpu(4N) - cpu(N)) / 3N of --mode=both on base, beside
#      the JMH whole-path figure (goal: within 1.5x); the jar's --mode=both over DuckDB's whole
#      process at N and 4N (goals: 6x at 1M, 4x at 4M); the sample run's wall and CPU (goal:
#      half the before jar's); and saves them to bench/work/results-<events>.md.
#
# Each run is its own process, timed from outside (wall clock) with its CPU (user + sys) and peak
# RSS from /usr/bin/time -v. The jar's time is the whole process as a user sees it (JVM start
# included). The jar runs through BENCH_LAUNCHER (below): bin/traffic-analytics when that script
# exists, else java -jar.
# DuckDB's and the floor's times are taken inside the process (JVM start and loading DuckDB's
# native library left out: DuckDB's time runs from an open connection), the strictest reading,
# since a DuckDB command-line user pays neither.
#
# Settings (environment):
#   BENCH_RUNS=3          timed runs per measurement (the median is reported)
#   BENCH_SEED=42         generator seed
#   BENCH_SHAPES="base high skewed"   the inputs to measure (base always runs)
#   BENCH_JAVA_OPTS=      JVM options for the jar, e.g. -Xmx1g to check memory stays flat: on the
#                         java command line, and as JAVA_OPTS for a launcher script
#   BENCH_JAR_ARGS=       extra pipeline options for the jar, e.g. --targetParallelism=2
#   BENCH_JAR=target/traffic-analytics.jar   the jar to measure (e.g. an older build); setting it
#                         makes the default launcher java -jar
#   BENCH_LAUNCHER=       the command that runs the jar, before the pipeline's options; default
#                         bin/traffic-analytics if it is executable (and BENCH_JAR is not set),
#                         else java $BENCH_JAVA_OPTS -jar $BENCH_JAR
#   BENCH_BEFORE_JAR=     an older jar whose sample run is measured beside the current one
#   BENCH_MARGINAL=1      0 skips the runs on 4x the events (and the marginal figure)
#   BENCH_JMH_ARGS="-wi 3 -i 3 -f 1"   JMH's settings for step 5; "skip" skips it
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
if [[ -n ${BENCH_LAUNCHER:-} ]]; then
  read -r -a launcher <<<"$BENCH_LAUNCHER"
elif [[ -z ${BENCH_JAR:-} && -f bin/traffic-analytics && -x bin/traffic-analytics ]]; then
  launcher=(bin/traffic-analytics)
else
  launcher=(java "${java_opts[@]}" -jar "$jar")
fi
# A launcher script takes its JVM options from JAVA_OPTS (plain java ignores that variable).
[[ -z ${BENCH_JAVA_OPTS:-} ]] || export JAVA_OPTS="$BENCH_JAVA_OPTS"
before_jar=${BENCH_BEFORE_JAR:-}
marginal=${BENCH_MARGINAL:-1}
[[ $marginal =~ ^[01]$ ]] || die "BENCH_MARGINAL must be 0 or 1, got '$marginal'"
read -r -a jmh_args <<<"${BENCH_JMH_ARGS:--wi 3 -i 3 -f 1}"
sample=data/events.json
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
[[ -z $before_jar || -f $before_jar ]] || die "BENCH_BEFORE_JAR=$before_jar does not exist"
[[ -f $sample ]] || die "$sample is missing (the sample run reads it)"
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
# input[SHAPE]: the file; events_of[SHAPE]: its events. The shape x4 is base at 4x the events
# (the same file as a run of that size makes), for the marginal figure.
declare -A input events_of
inputs=("${shapes[@]}")
((marginal == 0)) || inputs+=(x4)
for shape in "${inputs[@]}"; do
  events_of[$shape]=$events
  case $shape in
    base) shape_args=() ;;
    high) shape_args=(--users="$events" --uniform) ;;
    skewed) shape_args=(--botShare=0.5) ;;
    x4)
      shape_args=()
      events_of[$shape]=$((4 * events))
      ;;
  esac
  name=$shape
  [[ $shape == base || $shape == x4 ]] && name=""
  input[$shape]="$work/events-${events_of[$shape]}${name:+-$name}-seed${seed}-gen${generator_hash}.json"
  if [[ ! -f ${input[$shape]} ]]; then
    echo "bench: generating ${input[$shape]}" >&2
    # Written aside and renamed, so an interrupted run never leaves a truncated file in the cache.
    java -cp target/traffic-analytics.jar com.trafficanalytics.sample.EventGenerator \
      --events="${events_of[$shape]}" --seed="$seed" "${shape_args[@]}" \
      --output="${input[$shape]}.partial" || die "the generator failed"
    mv "${input[$shape]}.partial" "${input[$shape]}"
  fi
done
input_mb=$(($(stat -c %s "${input[base]}") / 1000000))
echo "bench: inputs ${input[*]} ($events events each, $input_mb MB)" >&2

# --- Measuring ------------------------------------------------------------------------------
logs="$work/logs"
rm -rf "$logs"
mkdir -p "$logs"

# measure NAME CMD...: runs CMD under /usr/bin/time; appends
# "PHASE NAME wall_s inner_s rss_kb cpu_s" to $logs/results (PHASE: $phase, warmup or timed;
# inner_s: the "BENCH seconds=" the program printed, or - if none; cpu_s: user + sys).
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
  local wall inner rss cpu
  wall=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')
  inner=$(sed -n 's/^BENCH seconds=\([0-9.]*\).*/\1/p' "$log.out" | tail -n 1)
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log.time")
  cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$log.time")
  echo "$phase $name $wall ${inner:--} $rss $cpu" >>"$logs/results"
  printf 'bench:   %-22s %7.2f s wall%s, %6.2f s CPU, %5d MB peak RSS\n' "$name" "$wall" \
    "${inner:+ ($inner s inside)}" "$cpu" $((rss / 1024)) >&2
}

# Measurement names: jar.MODE and duckdb.MODE on the base input, jar.MODE.SHAPE on the others
# (x4: base at 4x the events); sample.new and sample.before for the sample run.
label() { # label MODE SHAPE
  if [[ $2 == base ]]; then echo "$1"; else echo "$1.$2"; fi
}

run_jar() { # run_jar MODE SHAPE
  measure "jar.$(label "$1" "$2")" "${launcher[@]}" --mode="$1" \
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
    --expected="$work/out/duckdb-$out" --actual="$work/out/jar-$out" --events="${events_of[$2]}"; then
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
((marginal == 0)) || runs_of+=("both x4")
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
    # The marginal figure subtracts N's CPU from 4N's: a run on N beside each run on 4N, so that
    # a change in the machine's speed during the bench hits both sizes alike. Both sizes keep both
    # JIT tiers (bin/traffic-analytics would run a small input on C1 alone), so that the
    # difference is the events' cost, not the JIT's choice.
    if [[ $shape == x4 ]]; then
      JAVA_OPTS="${JAVA_OPTS:-} -XX:TieredStopAtLevel=4" \
        measure "jar.both.beside-x4" "${launcher[@]}" --mode=both --inputPath="${input[base]}" \
        --outputDirectory="$work/out/jar-both-beside-x4" "${jar_args[@]}"
    fi
    # Likewise the cost of a shape is its ratio to the base input: a base run of the jar and of
    # DuckDB beside each run on the shape, so that the ratios compare runs made minutes apart at
    # most, not a block of base runs with a block of shape runs made a quarter of an hour later.
    if [[ $shape == high || $shape == skewed ]]; then
      measure "jar.both.beside-$shape" "${launcher[@]}" --mode=both --inputPath="${input[base]}" \
        --outputDirectory="$work/out/jar-both-beside-$shape" "${jar_args[@]}"
      measure "duckdb.both.beside-$shape" java -cp "$bench_cp" com.trafficanalytics.bench.DuckDbBaseline \
        --mode=both --inputPath="${input[base]}" --outputDirectory="$work/out/duckdb-both-beside-$shape"
    fi
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

# --- 5. JMH: the per-line path ---------------------------------------------------------------
# Its whole-path figure runs the DoFn's own per-chunk code on one thread; run here, after the
# processes above, so nothing of this run competes with it.
jmh_whole="" jmh_string="" jmh_floor=""
if [[ ${jmh_args[*]} != skip ]]; then
  echo "bench: JMH per-line benchmark (bench/jmh.sh ${jmh_args[*]})" >&2
  BENCH_SKIP_BUILD=1 bench/jmh.sh "${jmh_args[@]}" >"$logs/jmh.out" 2>&1 \
    || { tail -n 30 "$logs/jmh.out" >&2; die "the JMH benchmark failed; its output is in $logs/jmh.out"; }
  read -r jmh_whole jmh_string jmh_floor < <(sed -n \
    's/^per line (ns): whole path \([0-9]*\) .*from String \([0-9]*\) .*floor \([0-9]*\) .*/\1 \2 \3/p' \
    "$logs/jmh.out") || true
  [[ -n $jmh_whole ]] || die "no figures in the JMH output ($logs/jmh.out)"
  echo "bench:   whole path $jmh_whole ns per line (from String $jmh_string, floor $jmh_floor)" >&2
fi

# --- 6. The sample run ----------------------------------------------------------------------
# The README's first command as a newcomer types it (BENCH_JAR_ARGS are not added), in --mode=both.
run_sample_new() {
  measure sample.new "${launcher[@]}" --mode=both --inputPath="$sample" \
    --outputDirectory="$work/out/sample-new"
}
run_sample_before() {
  measure sample.before java "${java_opts[@]}" -jar "$before_jar" --mode=both --inputPath="$sample" \
    --outputDirectory="$work/out/sample-before"
}
echo "bench: sample run ($sample)${before_jar:+ against $before_jar}: warm-up and $runs timed runs" >&2
phase=warmup
run_sample_new
[[ -z $before_jar ]] || run_sample_before
phase=timed
for ((i = 1; i <= runs; i++)); do
  run_sample_new
  [[ -z $before_jar ]] || run_sample_before
done

# --- 7. The tables --------------------------------------------------------------------------
load_end=$(cut -d ' ' -f 1 /proc/loadavg)
# median NAME COLUMN: median of that column over NAME's timed runs (3 = wall, 4 = inside,
# 6 = CPU).
median() {
  awk -v name="$1" -v col="$2" '$1 == "timed" && $2 == name { print $col }' "$logs/results" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
seconds() { awk -v s="$1" 'BEGIN { printf "%.2f", s }'; }
# round_costs SHAPE: the cost (process) of each timed round on SHAPE, from the jar's and DuckDB's
# wall times on SHAPE and on the base input beside it in the same round.
round_costs() {
  awk -v s="$1" '$1 == "timed" {
      if ($2 == "jar.both." s) j[++nj] = $3
      else if ($2 == "duckdb.both." s) d[++nd] = $3
      else if ($2 == "jar.both.beside-" s) jb[++njb] = $3
      else if ($2 == "duckdb.both.beside-" s) db[++ndb] = $3
    }
    END { for (i = 1; i <= nj; i++) printf "%s%.2f", (i > 1 ? ", " : ""), (j[i] / jb[i]) / (d[i] / db[i]) }' \
    "$logs/results"
}
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
  jar_note="${launcher[*]}${BENCH_JAR_ARGS:+ $BENCH_JAR_ARGS}"
  [[ ${launcher[0]} == java || -z ${BENCH_JAVA_OPTS:-} ]] || jar_note="$jar_note (JAVA_OPTS=$BENCH_JAVA_OPTS)"
  echo "Jar: $jar_note"
  echo
  # Two ratios: to DuckDB's query alone (the strictest), and to its whole process (JVM start and
  # native library load included), which is like for like with the jar's whole process.
  echo "| mode | run | median wall (s) | events/s | peak RSS (MB) | vs DuckDB query | vs DuckDB process |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
  for mode in "${modes[@]}"; do
    jar_s=$(median "jar.$mode" 3)
    duck_s=$(median "duckdb.$mode" 4)
    duck_process_s=$(median "duckdb.$mode" 3)
    echo "| $mode | jar (whole process) | $(seconds "$jar_s") | $(rate "$jar_s") | $(peak_mb "jar.$mode") | $(ratio "$jar_s" "$duck_s") | $(ratio "$jar_s" "$duck_process_s") |"
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
    echo "the median of the base runs made beside it, run by run; cost = the jar's ratio / DuckDB's, the"
    echo "goal for high cardinality is at most 1.25):"
    echo
    echo "| input | users | jar (s) | DuckDB process (s) | DuckDB query (s) | jar ratio | DuckDB process ratio | DuckDB query ratio | cost (process) | cost (query) |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    base_jar=$(median jar.both 3)
    base_duck_process=$(median duckdb.both 3)
    base_duck_query=$(median duckdb.both 4)
    for shape in "${shapes[@]}"; do
      l=$(label both "$shape")
      if [[ $shape != base ]]; then
        base_jar=$(median "jar.both.beside-$shape" 3)
        base_duck_process=$(median "duckdb.both.beside-$shape" 3)
        base_duck_query=$(median "duckdb.both.beside-$shape" 4)
      fi
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
    for shape in "${shapes[@]}"; do
      [[ $shape != base ]] || continue
      echo "Cost (process) of $shape round by round, each against the base runs beside it: $(round_costs "$shape")"
    done
  fi
  echo
  # Issue 12: a real run's marginal CPU per event against the JMH figure of the same per-line path,
  # and the jar against DuckDB's whole process at two sizes.
  large=$((4 * events))
  if ((marginal == 1)); then
    echo "Size (--mode=both on the base input at $events and $large events; CPU = user + sys of the whole process):"
    echo
    echo "| events | jar wall (s) | jar CPU (s) | DuckDB process wall (s) | DuckDB process CPU (s) | jar / DuckDB process (wall) |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
    for l in both both.x4; do
      n=$events
      [[ $l == both ]] || n=$large
      echo "| $n | $(seconds "$(median "jar.$l" 3)") | $(seconds "$(median "jar.$l" 6)") | $(seconds "$(median "duckdb.$l" 3)") | $(seconds "$(median "duckdb.$l" 6)") | $(ratio "$(median "jar.$l" 3)" "$(median "duckdb.$l" 3)") |"
    done
    echo
    echo "Goals (issue 12): jar / DuckDB process within 6x at 1M events, within 4x at 4M."
    # (cpu(4N) - cpu(N)) / 3N, in microseconds per event.
    marginal_us=$(awk -v a="$(median jar.both.beside-x4 6)" -v b="$(median jar.both.x4 6)" -v n="$events" \
      'BEGIN { printf "%.2f", (b - a) * 1e6 / (3 * n) }')
    line="Marginal CPU per event of a real run: (cpu($large) - cpu($events)) / $((3 * events)) = $marginal_us µs"
    line="$line (the runs on $events events for it ran in turn with those on $large: median CPU $(seconds "$(median jar.both.beside-x4 6)") s)"
    if [[ -n $jmh_whole ]]; then
      line="$line; JMH whole path: $(awk -v ns="$jmh_whole" 'BEGIN { printf "%.2f", ns / 1000 }') µs per line"
      line="$line (from String $(awk -v ns="$jmh_string" 'BEGIN { printf "%.2f", ns / 1000 }'), floor $(awk -v ns="$jmh_floor" 'BEGIN { printf "%.2f", ns / 1000 }'))"
      line="$line; real / JMH = $(awk -v a="$marginal_us" -v b="$jmh_whole" 'BEGIN { printf "%.2fx", a * 1000 / b }') (goal: at most 1.5x)"
    fi
    if awk -v m="$marginal_us" 'BEGIN { exit !(m <= 0) }'; then
      line="$line. NOT MEANINGFUL: the larger input took no more CPU; the noise is larger than the events' cost at this size (use more events or BENCH_RUNS)"
    fi
    echo "$line."
    echo
  elif [[ -n $jmh_whole ]]; then
    echo "JMH whole path: $jmh_whole ns per line (from String $jmh_string, floor $jmh_floor); no marginal figure (BENCH_MARGINAL=0)."
    echo
  fi
  [[ -z $jmh_whole ]] || echo "JMH: bench/jmh.sh ${jmh_args[*]} (one thread, wall clock per line; its table is in $logs/jmh.out)."
  echo
  echo "Sample run (\`${launcher[*]} --mode=both --inputPath=$sample\`, $(wc -l <"$sample") lines; medians of $runs runs after a warm-up):"
  echo
  echo "| jar | wall (s) | CPU (s) | peak RSS (MB) |"
  echo "| --- | ---: | ---: | ---: |"
  echo "| now: \`${launcher[*]}\` | $(seconds "$(median sample.new 3)") | $(seconds "$(median sample.new 6)") | $(peak_mb sample.new) |"
  if [[ -n $before_jar ]]; then
    echo "| before: \`java ${BENCH_JAVA_OPTS:+$BENCH_JAVA_OPTS }-jar $before_jar\` | $(seconds "$(median sample.before 3)") | $(seconds "$(median sample.before 6)") | $(peak_mb sample.before) |"
    echo "| now / before (goal: at most 0.5x) | $(awk -v a="$(median sample.new 3)" -v b="$(median sample.before 3)" 'BEGIN { printf "%.2fx", a / b }') | $(awk -v a="$(median sample.new 6)" -v b="$(median sample.before 6)" 'BEGIN { printf "%.2fx", a / b }') | |"
    echo
    echo "The two jars ran interleaved pair by pair."
  fi
  echo
  echo "Reproduce: ${BENCH_JAVA_OPTS:+BENCH_JAVA_OPTS='$BENCH_JAVA_OPTS' }${BENCH_SHAPES:+BENCH_SHAPES='$BENCH_SHAPES' }${BENCH_LAUNCHER:+BENCH_LAUNCHER='$BENCH_LAUNCHER' }${BENCH_BEFORE_JAR:+BENCH_BEFORE_JAR='$BENCH_BEFORE_JAR' }${BENCH_MARGINAL:+BENCH_MARGINAL=$BENCH_MARGINAL }bench/run.sh $events"
} >"$results"

echo >&2
cat "$results"
echo >&2
echo "bench: table saved to $results; logs in $logs" >&2
