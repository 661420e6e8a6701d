# Sourced by bin/traffic-analytics and bin/make-start-archive, so that the start-up archive is made
# with the very JVM options that the runs use (an AOT cache is refused by a JVM whose module
# options differ from the ones it was made with).

# The major version of a JDK's java, e.g. 17 or 25; 0 when it cannot tell. Read from the JDK's
# `release` file rather than by starting `java -version`, which would add a JVM start to every run.
java_major() {
  local java release version
  java=$(command -v "$1" 2>/dev/null) || { echo 0; return; }
  release=$(dirname "$(readlink -f "$java")")/../release
  version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2>/dev/null)
  echo "${version:-0}"
}

# The JVM options of a local run on a JDK of major version $1, one a line:
#   - the parallel garbage collector: a batch job wants throughput, not G1's short pauses, and on a
#     small machine G1's concurrent threads take cores from the job;
#   - from JDK 24, which warns on every run that Beam's libraries use sun.misc.Unsafe (protobuf)
#     and load native code (Snappy): the options that allow both quietly, as JDK 17 does.
local_run_options() {
  echo -XX:+UseParallelGC
  if (($1 >= 24)); then
    echo --sun-misc-unsafe-memory-access=allow
    echo --enable-native-access=ALL-UNNAMED
  fi
}

# Inputs smaller than this, in bytes, run with the JIT's quick tier only (C1): on a small input the
# optimizing tier (C2) spends more CPU compiling, mostly Beam's start-up code, than its faster code
# saves. Measured on 2 cores (docs/profile.md), C1 alone against both tiers, wall time: 0.76x on
# the sample; at 250,000 events (80 MB) 0.78x with 2,500 users and 0.68x with one user an event;
# at 1M events (320 MB) 0.90x with 10,000 users but 1.18x with 632,109. The limit sits below where
# the many-user input crosses (about 200 MB), since the size of an input says nothing of its users.
SMALL_INPUT_BYTES=$((128 * 1024 * 1024))

# The JIT options for a run with these pipeline options: -XX:TieredStopAtLevel=1 when --inputPath
# names local, uncompressed files of under SMALL_INPUT_BYTES in all; nothing (the JVM's default,
# both tiers) when the input is larger or its size cannot be told before the run: gs://, {date},
# compressed files, nothing matched, or more than a thousand files.
jit_options_for() {
  local arg pattern="" file total=0
  local -a files=()
  for arg in "$@"; do
    [[ $arg == --inputPath=* ]] && pattern=${arg#--inputPath=}
  done
  [[ -n $pattern && $pattern != *://* && $pattern != *'{'* ]] || return 0
  shopt -s globstar
  mapfile -t files < <(compgen -G "$pattern" || true)
  ((${#files[@]} > 0 && ${#files[@]} <= 1000)) || return 0
  for file in "${files[@]}"; do
    [[ -f $file ]] || continue
    case $file in
      *.gz | *.bz2 | *.zip | *.deflate | *.zst | *.lzo | *.snappy | *.xz) return 0 ;;
    esac
    total=$((total + $(wc -c <"$file")))
  done
  ((total > 0 && total < SMALL_INPUT_BYTES)) && echo -XX:TieredStopAtLevel=1
  return 0
}
