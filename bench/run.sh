#!/usr/bin/env bash
# End-to-end benchmark of misp-guard (SPEC §10): a TLS MISP remote on 127.0.0.2, the guard on
# 127.0.0.1, and a load client that runs every scenario straight to the remote and then through
# the guard. Everything stays on loopback; processes and temporary files are removed at the end.
#
# Settings (environment):
#   GUARD_JAVA_OPTS   JVM options of the guard       (default: the product's run.sh default, -Xms32m -Xmx2g -XX:+UseSerialGC)
#   BENCH_WARMUP      seconds of warm-up per timed scenario   (default 3)
#   BENCH_DURATION    seconds measured per timed scenario     (default 10)
#   BENCH_BIG_COUNT   measured 28 MB pushes / pulls per path  (default 10)
#   BENCH_BIG_BUDGET  seconds at most per 28 MB scenario and path (default 45)
#   UPSTREAM_PORT     port of the remote on 127.0.0.2 (default: a free one)
#   GUARD_PORT        port of the guard on 127.0.0.1  (default: a free one)
#   BENCH_JFR         a file name: record the guard with Java Flight Recorder into it
#   BENCH_KEEP        1 keeps the temporary folder (guard and upstream logs, generated events)
#   INSPECTION_ARGS   arguments for the inspection JMH benchmark (bench/inspection), if present
#   BENCH_SKIP_INSPECTION  1 skips that JMH benchmark (when only the end-to-end figures are wanted)
set -euo pipefail

bench_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$bench_dir/.." && pwd)"
cd "$root"

guard_jar="$root/target/misp-guard.jar"
bench_jar="$bench_dir/sync/target/bench-sync.jar"
upstream_host="misp-remote.bench"
guard_opts="${GUARD_JAVA_OPTS:--Xms32m -Xmx2g -XX:+UseSerialGC}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"  # as the product's run.sh

say() { printf '[bench] %s\n' "$*" >&2; }

# A port nothing listens on at ADDRESS (others may share the machine, so no fixed default).
free_port() {
  local address="$1" port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/$address/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  say "no free port found on $address"
  return 1
}
upstream_port="${UPSTREAM_PORT:-$(free_port 127.0.0.2)}"
guard_port="${GUARD_PORT:-$(free_port 127.0.0.1)}"

if [ ! -f "$guard_jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$guard_jar" -print -quit)" ]; then
  say "building $guard_jar ..."
  mvn -B -q -DskipTests package >&2
fi
if [ ! -f "$bench_jar" ] || [ -n "$(find "$bench_dir/sync/src" "$bench_dir/sync/pom.xml" -newer "$bench_jar" -print -quit)" ]; then
  say "building $bench_jar ..."
  mvn -B -q -f "$bench_dir/sync/pom.xml" package >&2
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/misp-guard-bench.XXXXXX")"
upstream_pid=""
guard_pid=""

stop() {
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  stop "$guard_pid"
  stop "$upstream_pid"
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    say "kept $tmp"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits until FILE contains TEXT, failing when PID dies or SECONDS pass.
wait_for() {
  local file="$1" text="$2" pid="$3" seconds="$4" what="$5"
  for _ in $(seq 1 $((seconds * 10))); do
    grep -q "$text" "$file" 2>/dev/null && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      say "$what exited before it was ready; its output:"
      cat "$file" >&2
      return 1
    fi
    sleep 0.1
  done
  say "$what not ready after ${seconds}s; its output:"
  cat "$file" >&2
  return 1
}

say "generating the events (fixed seed) ..."
java -jar "$bench_jar" generate --dir "$tmp/events" >&2

say "starting the remote MISP on $upstream_host (127.0.0.2:$upstream_port) ..."
java -Xmx512m -jar "$bench_jar" upstream --dir "$tmp/events" --host-name "$upstream_host" \
  --bind 127.0.0.2 --port "$upstream_port" --ca-out "$tmp/upstream-ca.pem" >"$tmp/upstream.log" 2>&1 &
upstream_pid=$!
wait_for "$tmp/upstream.log" "upstream ready" "$upstream_pid" 30 "the remote MISP"

# The guard knows the load client (127.0.0.1) and the remote (pinned to 127.0.0.2); both block
# passport numbers, so the blocked event is refused whichever way it crosses.
cat >"$tmp/guard-config.json" <<EOF
{
  "_comment": "misp-guard benchmark: one internal MISP (the load client) and one remote",
  "allowlist": { "urls": [], "domains": [] },
  "compartments_rules": { "can_reach": { "internal": ["internal", "external"], "external": ["external"] } },
  "instances": {
    "misp_internal": {
      "ip": "127.0.0.1", "host": "misp-internal.bench", "port": 443,
      "compartment_id": "internal", "affiliation": "benchmark",
      "taxonomies_rules": { "required_taxonomies": [], "allowed_tags": {}, "blocked_tags": ["tlp:red"] },
      "blocked_distribution_levels": ["0"], "blocked_sharing_groups_uuids": [],
      "blocked_attribute_types": ["passport-number"], "blocked_attribute_categories": [],
      "blocked_object_types": ["person"]
    },
    "misp_remote": {
      "ip": "127.0.0.2", "host": "$upstream_host", "port": $upstream_port,
      "compartment_id": "external", "affiliation": "benchmark",
      "taxonomies_rules": { "required_taxonomies": [], "allowed_tags": {}, "blocked_tags": ["tlp:red"] },
      "blocked_distribution_levels": ["0"], "blocked_sharing_groups_uuids": [],
      "blocked_attribute_types": ["passport-number"], "blocked_attribute_categories": [],
      "blocked_object_types": ["person"]
    }
  }
}
EOF

jfr_opts=""
if [ -n "${BENCH_JFR:-}" ]; then
  jfr_opts="-XX:StartFlightRecording=filename=$BENCH_JFR,settings=profile,dumponexit=true"
fi
say "starting the guard on 127.0.0.1:$guard_port (JVM options: $guard_opts) ..."
# shellcheck disable=SC2086 # the JVM options are a list of words
java $guard_opts $jfr_opts -jar "$guard_jar" --config "$tmp/guard-config.json" -p "$guard_port" \
  --listen-host 127.0.0.1 --ca-dir "$tmp/guard-ca" --upstream-ca "$tmp/upstream-ca.pem" >"$tmp/guard.log" 2>&1 &
guard_pid=$!
wait_for "$tmp/guard.log" "MispGuard initialized" "$guard_pid" 60 "the guard"

# The JDK client resolves the remote's name from this file only when it goes straight there.
echo "127.0.0.2 $upstream_host" >"$tmp/hosts"

say "running the scenarios (about 2 to 3 minutes) ..."
load_status=0
timeout 420 java -Xmx1g -Djdk.net.hosts.file="$tmp/hosts" -jar "$bench_jar" load \
  --dir "$tmp/events" --upstream-url "https://$upstream_host:$upstream_port" --upstream-ca "$tmp/upstream-ca.pem" \
  --guard "127.0.0.1:$guard_port" --guard-ca "$tmp/guard-ca/misp-guard-ca-cert.pem" --guard-pid "$guard_pid" \
  --warmup "${BENCH_WARMUP:-3}" --duration "${BENCH_DURATION:-10}" \
  --big-count "${BENCH_BIG_COUNT:-10}" --big-budget "${BENCH_BIG_BUDGET:-45}" || load_status=$?

if ! kill -0 "$guard_pid" 2>/dev/null; then
  say "the guard is no longer running; the end of its output:"
  tail -n 40 "$tmp/guard.log" >&2
  load_status=1
fi
echo
echo "guard log: $(grep -c 'request blocked' "$tmp/guard.log" || true) request(s) blocked (2 expected: the blocked push and pull)," \
  "$(grep -c ' ERROR ' "$tmp/guard.log" || true) ERROR line(s)"
stop "$guard_pid"
stop "$upstream_pid"
[ -n "${BENCH_JFR:-}" ] && say "flight recording of the guard: $BENCH_JFR (jfr print --events jdk.ExecutionSample $BENCH_JFR)"

echo
if [ "${BENCH_SKIP_INSPECTION:-0}" = 1 ]; then
  say "inspection benchmark skipped (BENCH_SKIP_INSPECTION=1)"
elif [ -f "$bench_dir/inspection/pom.xml" ]; then
  say "inspection throughput (bench/inspection, JMH) ..."
  # the benchmark is built against this checkout's compiled classes (target/classes)
  if mvn -B -q -DskipTests compile >&2 && mvn -B -q -f "$bench_dir/inspection/pom.xml" package >&2 \
      && [ -f "$bench_dir/inspection/target/benchmarks.jar" ]; then
    # shellcheck disable=SC2086 # a list of JMH options
    java -jar "$bench_dir/inspection/target/benchmarks.jar" ${INSPECTION_ARGS:-} || load_status=1
  else
    echo "inspection benchmark: bench/inspection did not build; no inspection MB/s figure"
    load_status=1
  fi
else
  echo "inspection benchmark: bench/inspection is not in this checkout; no inspection MB/s figure (SPEC §10: >= 200 MB/s)"
fi
exit "$load_status"
