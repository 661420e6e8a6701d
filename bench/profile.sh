#!/usr/bin/env bash
# Where a local run's time goes (issue 12): runs the job once under Java Flight Recorder and
# prints the share of CPU samples by where they were taken, from the outermost frame that names a
# known step (docs/profile.md shows the tables it printed).
#
#   bench/profile.sh INPUT [pipeline options...]     e.g. bench/profile.sh data/events.json --mode=both
#
# Runs bin/traffic-analytics (JAVA_OPTS are passed on), keeps the recording in
# bench/work/profile/run.jfr and the job's output under bench/work/profile/out. Needs the JDK's
# `jfr` tool and python3.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
(($# >= 1)) || { echo "usage: bench/profile.sh INPUT [pipeline options...]" >&2; exit 2; }
input=$1
shift
command -v jfr >/dev/null || { echo "profile: the JDK's jfr tool is not on the PATH" >&2; exit 2; }
work=bench/work/profile
rm -rf "$work"
mkdir -p "$work"
JAVA_OPTS="${JAVA_OPTS:-} -XX:StartFlightRecording=filename=$work/run.jfr,settings=profile" \
  /usr/bin/time -f "profile: %e s wall, %U s user, %S s sys, %M KB peak RSS" \
  bin/traffic-analytics --inputPath="$input" --outputDirectory="$work/out" "$@" >"$work/run.log" 2>&1 \
  || { tail -n 20 "$work/run.log" >&2; echo "profile: the run failed; see $work/run.log" >&2; exit 1; }
tail -n 1 "$work/run.log"
jfr print --events jdk.ExecutionSample --stack-depth 256 "$work/run.jfr" >"$work/samples.txt"
python3 bench/profile_table.py "$work/samples.txt"
