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
