#!/usr/bin/env bash
# Starts misp-guard; builds target/misp-guard.jar first when it is missing.
# Arguments are passed through: ./run.sh [run|check|ca|explain] [options]; ./run.sh --help lists them.
# JAVA_OPTS is honoured (e.g. JAVA_OPTS="-Xmx2g" ./run.sh for a --max-body-size above the default).
set -euo pipefail
cd "$(dirname "$0")"
jar=target/misp-guard.jar
if [ ! -f "$jar" ]; then
  echo "misp-guard: building $jar (first start only)..." >&2
  mvn -B -q -DskipTests package >&2
fi
# Bodies live on the heap. It may grow to hold a 512 MiB body twice (--max-body-size) but starts
# small, and gives memory back: G1 reclaims a large body as soon as it is garbage and keeps at
# most 30 % of the heap free after a collection; the guard collects once when it goes idle after
# large bodies (bench/faults.sh: 31 MB above the warm-up at the end, where the heap grown for the
# burst stayed at 0.4-1.4 GB without that). Two malloc arenas stop freed native buffers from
# lingering in one arena per thread.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java ${JAVA_OPTS:--Xms32m -Xmx2g -XX:+UseG1GC -XX:G1PeriodicGCInterval=2000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30} -jar "$jar" "$@"
