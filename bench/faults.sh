#!/usr/bin/env bash
# Fault scenario of misp-guard (SPEC §6: a body is released on every path): clients that give up
# the way MISP's sync client does, against a remote slower than their timeout, must leave the
# guard as it was — no growing memory, no lost buffers, and the next sync still works.
#
#   bench/faults.sh
#
# Environment: GUARD_JAVA_OPTS (the guard's JVM options instead of run.sh's defaults),
# BENCH_KEEP=1 (keep the temporary folder with guard.log and remote.log).
#
# Parts, all on loopback: bench/slow_remote.py on 127.0.0.2 (TLS; /events/add reads the whole push
# and answers after 3 s, /events/edit/UUID and /events/view/UUID answer at once); the guard on
# 127.0.0.1 started by ./run.sh; curl on 127.0.0.3 as the client, 8 at a time.
#
#   1. warm-up: a 28 MB push and pull, both 200; the guard's resident memory (VmRSS) is noted
#   2. 120 pushes of 28 MB to the slow /events/add, cut by the client's 1.5 s timeout
#   3. 30 pushes abandoned half-way through the upload (curl --limit-rate, cut by --max-time)
#   4. 30 pulls abandoned half-way through the reply (curl --limit-rate, cut by --max-time)
#   5. a final 28 MB push and pull, both must be 200
# The guard's leak detector watches every buffer Netty allocates
# (-Dio.netty.leakDetection.samplingInterval=1, given through JAVA_TOOL_OPTIONS so that run.sh's
# settings stay as they are; a setting of the leak detector in GUARD_JAVA_OPTS comes later on the
# JVM's command line and wins).
# PASS when the final statuses are 200, the guard's log has no LEAK:, OutOfDirectMemoryError,
# OutOfMemoryError, bad_record_mac or IllegalReferenceCountException line, and its VmRSS grew by
# at most 150 MB from the warm-up to the end (both read once the guard has been idle long enough
# to give memory back, at most 15 s); otherwise FAIL and exit status 1.
set -euo pipefail

case "${1:-}" in
  "") ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown option: $1 (see --help)" >&2; exit 1 ;;
esac

# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

client_timeout=1.5    # seconds, as MISP's sync client gives a remote
remote_delay=3        # seconds the slow remote takes to answer a push
parallel=8
timeouts=120
abandoned_uploads=30
abandoned_pulls=30
rss_growth_limit=150  # MB

# The guard's VmRSS once it has been idle long enough to give memory back (its collector runs
# every 2 s when idle): sampled each second until two samples agree within 5 MB, at most 15 s.
settled_rss() {
  local previous now waited=0
  previous="$(rss)"
  while [ "$waited" -lt 15 ]; do
    sleep 1
    waited=$((waited + 1))
    now="$(rss)"
    if [ "$waited" -ge 3 ] && [ -n "$now" ] && [ -n "$previous" ] && [ $((previous - now)) -lt 5 ] && [ $((now - previous)) -lt 5 ]; then
      break
    fi
    previous="$now"
  done
  echo "$now"
}
event_uuid=8c4d2f6a-1b3e-4f70-9a25-6e1d0b7c3f48

start_remote() {
  command -v python3 >/dev/null || die "python3 is needed for the slow remote"
  python3 "$bench_dir/slow_remote.py" --bind "$remote_ip" --cert "$tmp/remote-ca/server.pem" \
    --key "$tmp/remote-ca/server.key" --event "$event" --delay "$remote_delay" \
    >"$tmp/remote.port" 2>"$tmp/remote.log" &
  remote_pid=$!
  started_pids+=("$remote_pid")
  wait_for_line "$tmp/remote.port" listening "$remote_pid" 30 "the slow remote" || die "the slow remote did not start"
  remote_port="$(awk '{ print $2 }' "$tmp/remote.port")"
  say "remote: slow_remote.py (pid $remote_pid) on $remote_host = $remote_ip:$remote_port"
}

# requests COUNT PUSH-PATH|pull MAX-TIME [CURL-ARGS]: COUNT requests through the guard, $parallel
# at a time; one line each: "STATUS CURL-EXIT BYTES-SENT BYTES-RECEIVED SECONDS" (exit 28: cut
# by --max-time).
requests() {
  local count="$1" what="$2" max_time="$3" url body=()
  shift 3
  if [ "$what" = pull ]; then
    url="$(remote_url "/events/view/$event_uuid")"
  else
    url="$(remote_url "$what")"
    body=(--data-binary "@$event")
  fi
  path_args guarded
  yes "$url" | head -n "$count" | xargs -P "$parallel" -n 1 curl "${curl_common[@]}" "${route_opts[@]}" \
    --max-time "$max_time" -o /dev/null -w '%{http_code} %{exitcode} %{size_upload} %{size_download} %{time_total}\n' \
    "${body[@]}" "$@" 2>/dev/null || true
}

# A push or pull that must succeed (warm-up, final): the client's usual timeout is not the point
# here, so it may take up to 30 s. Prints 200 when it answered 200 with the whole body sent or
# received, else what happened.
must_succeed() {
  local result status exit_code sent received seconds bytes size
  result="$(requests 1 "$1" 30)"
  read -r status exit_code sent received seconds <<<"$result"
  size="$(file_size "$event")"
  bytes="$([ "$1" = pull ] && echo "$received" || echo "$sent")"
  say "$2: status $status, $seconds s, curl exit $exit_code, $bytes of $size body bytes"
  if [ "$status" = 200 ] && [ "$exit_code" = 0 ] && [ "$bytes" = "$size" ]; then
    echo 200
  else
    echo "$status (curl exit $exit_code, $bytes of $size bytes)"
  fi
}

rss() { vm_mb "$guard_pid" VmRSS; }

# phase NAME COUNT PUSH-PATH|pull MAX-TIME [CURL-ARGS]: the requests, then how they ended
# (statuses, curl exits) and how far their bodies got.
phase() {
  local name="$1" count="$2" what="$3" results="$tmp/phase-$2-${3//\//_}" start size
  shift 2
  start=$(date +%s)
  requests "$count" "$@" >"$results"
  size="$(file_size "$event")"
  say "$name: $count in $(( $(date +%s) - start )) s; statuses $(tally 1 "$results");" \
    "curl exits $(tally 2 "$results");" \
    "$(awk -v s="$size" -v pull="$([ "$what" = pull ] && echo 1 || echo 0)" '{
        b = pull ? $4 : $3; if (b >= s) whole++; else if (b > 0) part++; else none++ }
        END { printf "bodies %s: %d whole, %d in part, %d not at all", pull ? "received" : "sent", whole, part, none }' "$results");" \
    "guard VmRSS $(rss) MB"
}

run_start=$(date +%s)
build_jars
mkdir -p "$tmp/events"
event="$tmp/events/event.json"
make_event 50000 clean "$event"
say "event: 50 000 attributes, $(file_size "$event") bytes"
make_remote_certificate
start_remote
# The leak detector watches every buffer Netty allocates here (the guard's default watches one in
# 1024): the LEAK count below must see the buffers of the transfers that are cut off.
JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:+$JAVA_TOOL_OPTIONS }-Dio.netty.leakDetection.samplingInterval=1" \
  start_guard "$remote_port"

warm_push="$(must_succeed "/events/edit/$event_uuid" "warm-up push")"
warm_pull="$(must_succeed pull "warm-up pull")"
[ "$warm_push / $warm_pull" = "200 / 200" ] || say "the warm-up did not succeed (push $warm_push, pull $warm_pull)"
rss_warm="$(settled_rss)"
say "guard VmRSS after the warm-up: $rss_warm MB (settled)"

phase "pushes timed out by the client" "$timeouts" /events/add "$client_timeout"
phase "uploads abandoned half-way" "$abandoned_uploads" "/events/edit/$event_uuid" "$client_timeout" --limit-rate 10M
phase "pulls abandoned half-read" "$abandoned_pulls" pull 3 --limit-rate 5M

# what the remote still owes the guard (answers to the timed-out pushes) has arrived by now
sleep "$remote_delay"
final_push="$(must_succeed "/events/edit/$event_uuid" "final push")"
final_pull="$(must_succeed pull "final pull")"
rss_end_busy="$(rss)"
rss_end="$(settled_rss)"
guard_running=yes
kill -0 "$guard_pid" 2>/dev/null || guard_running=no
hwm_end="$(vm_mb "$guard_pid" VmHWM)"

echo
echo "misp-guard fault scenario: curl $(curl --version | head -n 1 | cut -d' ' -f2) --max-time $client_timeout, remote answers pushes after ${remote_delay} s,"
case "${GUARD_JAVA_OPTS:-}" in
  *io.netty.leakDetection*) leak_watch="leak detection as GUARD_JAVA_OPTS sets it" ;;
  *) leak_watch="leak detection on every buffer Netty allocates" ;;
esac
echo "guard JVM options: ${GUARD_JAVA_OPTS:-run.sh defaults}, $leak_watch; took $(( $(date +%s) - run_start )) s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
verdict=PASS
fail() { verdict=FAIL; echo "  -> $*"; }
printf '%-52s %s\n' "guard VmRSS after warm-up" "${rss_warm:-?} MB (warm-up push $warm_push, pull $warm_pull)"
[ "$warm_push / $warm_pull" = "200 / 200" ] || fail "the warm-up push and pull must answer 200 with the whole body"
printf '%-52s %s\n' "guard VmRSS at the end" "${rss_end:-gone} MB settled, ${rss_end_busy:-?} MB right after the last request (peak VmHWM ${hwm_end:-?} MB)"
if [ -n "$rss_warm" ] && [ -n "$rss_end" ]; then
  growth=$((rss_end - rss_warm))
  printf '%-52s %s\n' "growth" "$growth MB (limit $rss_growth_limit MB)"
  [ "$growth" -le "$rss_growth_limit" ] || fail "resident memory grew by more than $rss_growth_limit MB"
else
  printf '%-52s %s\n' "growth" "not measured"
  fail "the guard's memory could not be read (guard running: $guard_running)"
fi
printf '%-52s %s\n' "final push / pull" "$final_push / $final_pull"
[ "$final_push / $final_pull" = "200 / 200" ] || fail "the final push and pull must both answer 200 with the whole body"
for pattern in "${trouble_patterns[@]}"; do
  count="$(grep -c -- "$pattern" "$guard_log" || true)"
  printf '%-52s %s\n' "guard log lines with $pattern" "$count"
  [ "$count" = 0 ] || fail "$pattern in the guard's log: $(grep -m 1 -- "$pattern" "$guard_log" | cut -c1-200)"
done
echo
echo "RESULT: $verdict"
[ "$verdict" = PASS ]
