#!/usr/bin/env bash
# Starts misp-guard; builds target/misp-guard.jar first when it is missing.
# Arguments are passed through: ./run.sh [run|check|ca|explain] [options]; ./run.sh --help lists them.
# JAVA_OPTS replaces the JVM settings below (e.g. JAVA_OPTS="-Xms32m -Xmx4g -XX:+UseG1GC" ./run.sh for a
# --max-body-size above the default; README, "JVM settings").
set -euo pipefail
cd "$(dirname "$0")"
jar=target/misp-guard.jar
if [ ! -f "$jar" ]; then
  echo "misp-guard: building $jar (first start only)..." >&2
  mvn -B -q -DskipTests package >&2
fi
# Bodies live on the heap. It may grow to hold a 512 MiB body twice (--max-body-size) but starts
# small, and gives memory back: G1 keeps at most 30 % of the heap free after a collection; the guard
# collects before a large body when another was let go (so the new one takes its memory), and once
# when it goes idle after large bodies. The young generation is capped at 64 MB and may take a fifth
# of the time (instead of G1's twelfth) before the heap grows: under a load of small calls G1
# otherwise tripled the heap for garbage that dies at once. Two malloc arenas, and the JVM handing
# freed native memory back every second where it can (JDK 17.0.9 and later), stop freed native
# buffers from lingering. bench/run.sh measures these settings, and bench/faults.sh too, its leak
# detector watching more buffers (README, "Performance").
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
defaults="-Xms32m -Xmx2g -XX:+UseG1GC -XX:MaxNewSize=64m -XX:GCTimeRatio=4 -XX:G1PeriodicGCInterval=2000"
defaults+=" -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
# an older JVM without TrimNativeHeapInterval skips it (and only the settings here are so treated)
defaults+=" -XX:+IgnoreUnrecognizedVMOptions -XX:TrimNativeHeapInterval=1000"
exec java ${JAVA_OPTS:-$defaults} -jar "$jar" "$@"
