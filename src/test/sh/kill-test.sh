#!/usr/bin/env bash
# Kill test (issue 7): a real `java -jar` run that replaces an earlier result is SIGKILLed at many
# moments, and after every kill each result folder must show one complete run, the earlier or the
# new one, never a mix and never nothing. Then a final run must leave exactly the new results, and
# nothing outside the job's own files may have changed.
#
# Kill moments:
#   - spread in time over a whole run (TIME_KILLS of them, from the measured length of a run);
#   - exact file-system calls, with strace's fault injection (no hook in the program): the Nth
#     rename, unlink and symlink of a thread, for every N that a traced run shows touching the
#     outputs, so every rename of the write and of the swap, and the deletes of the clean-up.
#
# Needs: the built jar (mvn -B -DskipTests package), strace (apt-get install -y strace), python3.
# Usage: [EXACT_KILLS=n] src/test/sh/kill-test.sh [TIME_KILLS]
#   TIME_KILLS defaults to 12; EXACT_KILLS caps the exact kill points, spread evenly over them
#   (default: all). Prints the figures the README cites.
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAR="${JAR:-$PWD/target/traffic-analytics.jar}"
TIME_KILLS="${1:-12}"
[ -f "$JAR" ] || { echo "kill-test: build the jar first: mvn -B -DskipTests package" >&2; exit 2; }
command -v strace >/dev/null || { echo "kill-test: needs strace (apt-get install -y strace)" >&2; exit 2; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
cp "$OLDPWD/data/events.json" new.json
cp "$OLDPWD/data/dirty_events.json" old.json
# Files of the user's beside the outputs and in the input's folder: they must never change.
echo '{"mine": true}' > package.json
echo 'notes' > notes.txt

# C1 only: a shorter run on few cores; the program is the same.
JAVA=(java -XX:TieredStopAtLevel=1 -jar "$JAR")
run() { "${JAVA[@]}" --inputPath="$1" --outputDirectory=out "${@:2}" >>runs.log 2>&1; }

# The two complete results the folders may show: the old input's and the new input's.
# (The second run is timed: it replaces a result, as every killed run does.)
run old.json && cp -rL out ref-old-tmp
start=$(date +%s.%N); run new.json; end=$(date +%s.%N)
cp -rL out ref-new-tmp
python3 - <<'EOF'
import json, os, shutil
# A canonical form of a result: its sorted rows (the manifest and file names differ per run).
for name in ("ref-old-tmp", "ref-new-tmp"):
    canon = {}
    for result in ("user_traffic", "minute_traffic", "dead_letter"):
        rows = []
        folder = os.path.join(name, result)
        for f in sorted(os.listdir(folder)):
            if f.endswith(".json"):
                rows += open(os.path.join(folder, f), encoding="utf-8").read().splitlines()
        canon[result] = sorted(rows)
    json.dump(canon, open(name.replace("-tmp", ".json"), "w"))
    shutil.rmtree(name)
EOF
snapshot_others() { find . -path ./out -prune -o -type f ! -name 'runs.log' ! -name 'trace*' ! -name 'ref-*' ! -name 'shown.txt' ! -name 'others.*' -print0 | sort -z | xargs -0 sha256sum; }
snapshot_others > others.before

# check: every result folder shows one complete run whose rows are the old or the new result.
check() {
  python3 - "$1" <<'EOF'
import json, os, sys
label = sys.argv[1]
refs = {"old": json.load(open("ref-old.json")), "new": json.load(open("ref-new.json"))}
seen = []
for result in ("user_traffic", "minute_traffic", "dead_letter"):
    link = os.path.join("out", result)
    if not os.path.islink(link):
        sys.exit(f"{label}: out/{result} is not a link to a run")
    manifest = json.load(open(os.path.join(link, "_MANIFEST")))
    files = sorted(f for f in os.listdir(link) if f.endswith(".json"))
    listed = sorted(f["name"] for f in manifest["files"])
    if files != listed:
        sys.exit(f"{label}: out/{result} holds {files}, its manifest lists {listed}")
    rows = []
    for f in manifest["files"]:
        path = os.path.join(link, f["name"])
        if os.path.getsize(path) != f["bytes"]:
            sys.exit(f"{label}: out/{result}/{f['name']} is not the size its manifest says")
        rows += open(path, encoding="utf-8").read().splitlines()
    if len(rows) != manifest["rows"]:
        sys.exit(f"{label}: out/{result} has {len(rows)} rows, its manifest says {manifest['rows']}")
    match = [k for k, ref in refs.items() if sorted(rows) == ref[result]]
    if not match:
        sys.exit(f"{label}: out/{result} is neither the old nor the new result")
    seen.append(f"{result}={match[0]}")
print(f"{label}: " + " ".join(seen))
open("shown.txt", "w").write(" ".join(sorted({s.split("=")[1] for s in seen})))
EOF
}

survived=0
failures=0
# The input of the next killed run: the other one than the result every folder shows now, so the
# run really replaces it; when the folders show different runs, first restore the old result.
next_input() {
  case "$(cat shown.txt 2>/dev/null)" in
    old) echo new.json ;;
    new) echo old.json ;;
    *) run old.json || { echo "kill-test: the run restoring the old result failed" >&2; exit 1; }
       echo new.json ;;
  esac
}
kill_at_time() {  # $1: seconds after the start
  local input
  input=$(next_input)
  "${JAVA[@]}" --inputPath="$input" --outputDirectory=out >>runs.log 2>&1 &
  local pid=$!
  sleep "$1"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if check "SIGKILL at ${1}s"; then survived=$((survived + 1)); else failures=$((failures + 1)); fi
}

# How long a replacing run takes here, to spread the time kills over it.
echo new > shown.txt
length=$(python3 -c "print(round($end - $start, 2))")
echo "kill-test: a replacing run takes ${length}s here"
for i in $(seq 1 "$TIME_KILLS"); do
  kill_at_time "$(python3 -c "print(round($length * $i / ($TIME_KILLS + 1), 2))")"
done
time_kills=$survived

# The exact calls: trace one replacing run, and find for each syscall the per-thread invocation
# numbers N that touch the output folder (strace counts injections per syscall and per thread).
input=$(next_input)
strace -f -qq -o trace.log -e trace=rename,renameat,renameat2,unlink,unlinkat,symlink,symlinkat,rmdir \
  "${JAVA[@]}" --inputPath="$input" --outputDirectory=out >>runs.log 2>&1
check "traced run (no kill)" >/dev/null
mapfile -t points < <(python3 - <<'EOF'
import collections, os, re
counts = collections.Counter()   # (pid, syscall family) -> calls so far
points = set()
family = {"rmdir": "rmdir", "rename": "rename,renameat,renameat2", "renameat": "rename,renameat,renameat2",
          "renameat2": "rename,renameat,renameat2", "unlink": "unlink,unlinkat",
          "unlinkat": "unlink,unlinkat", "symlink": "symlink,symlinkat", "symlinkat": "symlink,symlinkat"}
for line in open("trace.log"):
    m = re.match(r"(\d+)\s+(\w+)\((.*)", line)
    if not m or m.group(2) not in family:
        continue
    key = (m.group(1), family[m.group(2)])
    counts[key] += 1
    if "/out/" in m.group(3) or '"out' in m.group(3):
        points.add((family[m.group(2)], counts[key]))
points = sorted(points)
limit = int(os.environ.get("EXACT_KILLS", "0")) or len(points)
# Spread a capped number evenly over the list (renames, unlinks, symlinks and rmdirs each sorted).
picked = [points[round(i * (len(points) - 1) / max(limit - 1, 1))] for i in range(limit)] if limit < len(points) else points
for syscalls, n in dict.fromkeys(picked):
    print(f"{syscalls} {n}")
EOF
)
echo "kill-test: ${#points[@]} exact kill points (syscall set, per-thread call number)"
exact=0
for point in "${points[@]}"; do
  read -r syscalls n <<<"$point"
  input=$(next_input)
  strace -f -qq -o trace-kill.log -e trace="$syscalls" -e inject="$syscalls":signal=KILL:when="$n" \
    "${JAVA[@]}" --inputPath="$input" --outputDirectory=out >>runs.log 2>&1 || true
  # The call the kill hit: the last traced call of the log (SIGKILL leaves it unfinished).
  hit=""
  if grep -q 'killed by SIGKILL' trace-kill.log; then
    hit=$(grep -E '^[0-9]+ +[a-z0-9]+\(' trace-kill.log | tail -1 | sed -E 's/^[0-9]+ +//; s/ <unfinished.*//; s/ = .*//' || true)
  fi
  if check "SIGKILL at ${syscalls%%,*} #$n ${hit:-(not reached)}"; then
    exact=$((exact + 1))
  else
    failures=$((failures + 1))
  fi
  [ -n "$hit" ] && killed_in_call=$((${killed_in_call:-0} + 1))
done

[ "$failures" -eq 0 ] || { echo "kill-test: $failures kill(s) left a folder that is not one complete run" >&2; exit 1; }

# A final run leaves exactly the new results, and the user's files are untouched.
run new.json
python3 - <<'EOF'
import json, os, sys
ref = json.load(open("ref-new.json"))
for result, rows in ref.items():
    got = []
    for f in sorted(os.listdir(os.path.join("out", result))):
        if f.endswith(".json"):
            got += open(os.path.join("out", result, f), encoding="utf-8").read().splitlines()
    if sorted(got) != rows:
        sys.exit(f"final run: out/{result} is not exactly the new result")
    runs = [d for d in os.listdir(os.path.join("out", ".traffic-analytics", result)) if d[:8].isdigit()]
    if len(runs) > 2:
        sys.exit(f"final run: {len(runs)} run folders of {result} left (expected current + previous)")
print("final run: exactly the new results; at most the previous run kept beside them")
EOF
snapshot_others > others.after
diff -u others.before others.after || { echo "kill-test: a file outside out/ changed" >&2; exit 1; }
echo "kill-test: survived $time_kills time kills and $exact exact-call kills" \
  "(${killed_in_call:-0} inside a traced rename/unlink/symlink of the outputs); files outside out/ unchanged"
