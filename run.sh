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
# The default heap holds a 512 MiB body twice (raw and aggregated) with room to spare.
exec java ${JAVA_OPTS:--Xmx2g -XX:+UseG1GC} -jar "$jar" "$@"
