#!/usr/bin/env bash
# Output folders that cannot be written (issue 7), on real file systems: tests run as root, so
# chmod does not stop a write; a tiny or read-only tmpfs inside a private mount namespace does
# (`unshare -rm`: no privileges needed beyond user namespaces).
#   1. a read-only output folder is refused before the run: exit 2, one line naming the option;
#   2. a disk that fills up while the results are written: exit 1, one line naming the folder and
#      the cause, and the earlier results still shown whole.
# Needs: the built jar (mvn -B -DskipTests package), unshare (util-linux), python3.
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAR="${JAR:-$PWD/target/traffic-analytics.jar}"
DATA="$PWD/data"
[ -f "$JAR" ] || { echo "disk-faults: build the jar first: mvn -B -DskipTests package" >&2; exit 2; }
unshare -rm true 2>/dev/null || { echo "disk-faults: unshare -rm is not allowed here" >&2; exit 2; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export JAR DATA WORK
unshare -rm bash -euo pipefail <<'EOF'
cd "$WORK"
JAVA=(java -XX:TieredStopAtLevel=1 -jar "$JAR")
fail() { echo "disk-faults: $*" >&2; exit 1; }
# The results as a reader sees them through the links: every row, sorted. (The dead letters are
# a folder of their own: a run whose results fail may still have published its complete dead
# letters, as the ratio gate does on purpose; each folder is one complete run either way.)
rows() { for r in user_traffic minute_traffic; do cat "$1/$r"/*.json; done | sort | sha256sum; }

# 1. Read-only: an earlier result on a tmpfs that is then remounted read-only.
mkdir ro && mount -t tmpfs -o size=8m tmpfs ro
"${JAVA[@]}" --inputPath="$DATA/dirty_events.json" --outputDirectory=ro/out >run.log 2>&1 \
  || fail "the first run on the tmpfs failed: $(tail -1 run.log)"
before=$(rows ro/out)
mount -o remount,ro ro
set +e; "${JAVA[@]}" --inputPath="$DATA/events.json" --outputDirectory=ro/out >ro.log 2>&1; code=$?; set -e
errors=$(grep -c '^traffic-analytics: error' ro.log || true)
[ "$code" = 2 ] || fail "read-only: exit $code, expected 2: $(tail -3 ro.log)"
[ "$errors" = 1 ] || fail "read-only: $errors error lines, expected 1"
grep -q 'error: --outputDirectory=ro/out: .*Read-only file system' ro.log \
  || fail "read-only: the line does not name the option and the cause: $(grep error ro.log)"
[ "$(rows ro/out)" = "$before" ] || fail "read-only: the earlier results changed"
echo "read-only output:  exit 2, $(grep -o 'error: .*' ro.log)"

# 2. Full: an earlier result on a tmpfs too small for the next run's results. The next input has
# about 12,600 users, so its results are many times the first run's (~0.2 MB on a tmpfs) and
# cannot fit; the report goes elsewhere, so only the results compete for the space.
java -cp "$JAR" com.trafficanalytics.sample.EventGenerator --events=20000 --users=20000 --uniform \
  --seed=7 --output=many-users.json
mkdir full && mount -t tmpfs -o size=768k tmpfs full
"${JAVA[@]}" --inputPath="$DATA/dirty_events.json" --outputDirectory=full/out \
  --reportPath="$WORK/report.html" >run.log 2>&1 \
  || fail "the first run on the small tmpfs failed: $(tail -1 run.log)"
before=$(rows full/out)
set +e; "${JAVA[@]}" --inputPath=many-users.json --outputDirectory=full/out \
  --reportPath="$WORK/report.html" >full.log 2>&1; code=$?; set -e
errors=$(grep -c '^traffic-analytics: error' full.log || true)
[ "$code" = 1 ] || fail "disk full: exit $code, expected 1: $(tail -3 full.log)"
[ "$errors" = 1 ] || fail "disk full: $errors error lines, expected 1"
grep -q 'error: writing .*full/out/.* failed: no space left on device' full.log \
  || fail "disk full: the line does not name the folder and the cause: $(grep error full.log)"
[ "$(rows full/out)" = "$before" ] || fail "disk full: the earlier results changed"
echo "disk full:         exit 1, $(grep -o 'error: .*' full.log)"
# The next run, with room again, cleans what the failed run left and replaces the results.
mount -o remount,size=16m full
"${JAVA[@]}" --inputPath=many-users.json --outputDirectory=full/out \
  --reportPath="$WORK/report.html" >run.log 2>&1 \
  || fail "a run after the full disk failed: $(tail -1 run.log)"
left=$(ls full/out/.traffic-analytics/user_traffic | grep -cE '^[0-9]{8}T' || true)
[ "$left" -le 2 ] || fail "the run after the full disk left $left run folders"
echo "disk-faults: both faults reported in one line each; earlier results intact"
EOF
