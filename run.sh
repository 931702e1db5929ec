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
# The heap may grow to hold a 512 MiB body twice (--max-body-size) but starts small, and the
# serial collector keeps it close to what is in use: on the sync benchmark this halves the
# resident memory compared with G1. Two malloc arenas stop freed native buffers from lingering
# in one arena per thread.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java ${JAVA_OPTS:--Xms32m -Xmx2g -XX:+UseSerialGC} -jar "$jar" "$@"
