#!/usr/bin/env bash
# End-to-end benchmark of misp-guard as MISP's own HTTP client (libcurl) sees it (SPEC §10):
# every workload runs straight to a TLS remote (nginx) and through the guard in the same run, and
# the table compares the two.
#
#   bench/run.sh [--quick] [--skip-jmh]
#
#   --quick     fewer repetitions (a smoke run; the figures are rougher)
#   --skip-jmh  leave out the inspection micro-benchmark (bench/inspection, JMH)
#
# Environment: GUARD_JAVA_OPTS (the guard's JVM options instead of run.sh's defaults),
# INSPECTION_ARGS (extra JMH options), BENCH_KEEP=1 (keep the temporary folder with the logs).
#
# Workloads (bench/README.md): small calls 16 at a time, the 28.5 MB and 171.5 MB events pushed and
# pulled, a blocked event, pushes compressed as MISP sends them; then the inspection alone (JMH).
#
# Parts, all on loopback: nginx on 127.0.0.2 (TLS, certificate from a CA made for this run) as the
# remote MISP; the guard on 127.0.0.1 started by ./run.sh with an instances configuration in which
# the client 127.0.0.3 and the remote are instances; curl on 127.0.0.3 as the client.
# Exit status: 0 every target met; 1 a workload measured nothing (FAILED) or a part did not start;
# 3 everything measured but a target not met.
set -euo pipefail

quick=0
skip_jmh=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --skip-jmh) skip_jmh=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $arg (see --help)" >&2; exit 1 ;;
  esac
done

# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

if [ "$quick" = 1 ]; then
  small_rounds=2 small_warmup=2 max_warmup=6 big_warmup=1 big_count=3 huge_count=2
else
  small_rounds=6 small_warmup=10 max_warmup=25 big_warmup=2 big_count=10 huge_count=5
fi
parallel=16
small_uuid=3a5f7c91-2d4b-4e6a-8c0f-1b2d3e4f5a6b
big_uuid=8c4d2f6a-1b3e-4f70-9a25-6e1d0b7c3f48
huge_uuid=c2b7e5d1-9a4f-4c3e-8b6d-0f1e2d3c4b5a
blocked_uuid=e17a9b30-5c2d-4e8f-b6a1-3d9f0c2e7b15

# nginx from the distribution's packages when it is missing (its service is not started).
ensure_nginx() {
  nginx_bin="$(command -v nginx || true)"
  [ -z "$nginx_bin" ] && [ -x /usr/sbin/nginx ] && nginx_bin=/usr/sbin/nginx
  [ -n "$nginx_bin" ] && return 0
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null \
    || die "nginx is missing and cannot be installed here: install nginx (e.g. apt-get install nginx) and run again"
  say "installing nginx with apt-get (at most 6 minutes) ..."
  local policy=/usr/sbin/policy-rc.d made_policy=0 status=0
  if [ ! -e "$policy" ]; then  # the package must not start a system-wide nginx
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
  fi
  { timeout 180 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 180 apt-get install -y -qq nginx; } >&2 || status=$?
  [ "$made_policy" = 1 ] && rm -f "$policy"
  [ "$status" = 0 ] || die "apt-get could not install nginx (exit $status); install it by hand and run again"
  nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
  [ -x "$nginx_bin" ] || die "nginx is still missing after apt-get install"
}

# The remote MISP: nginx on $remote_ip:$remote_port (TLS). A push is read whole by this server
# (request buffering, in memory) and only then handed to a second, plain server block on
# $remote_ip:$backend_port that answers it; so the reply comes after the last byte of the body.
start_nginx() {
  local prefix="$tmp/nginx" user_line=""
  remote_port="$(free_port "$remote_ip")"
  backend_port="$(free_port "$remote_ip")"
  mkdir -p "$prefix/temp"
  [ "$(id -u)" = 0 ] && user_line="user root;"  # workers must read this run's private folder
  cat >"$prefix/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes 2;
pid $prefix/nginx.pid;
error_log $prefix/error.log warn;
events { worker_connections 1024; }
http {
  log_format bench '\$remote_addr "\$request" \$status \$request_length \$body_bytes_sent \$request_time \$upstream_response_time';
  access_log $prefix/access.log bench;
  client_body_temp_path $prefix/temp/body;
  proxy_temp_path $prefix/temp/proxy;
  fastcgi_temp_path $prefix/temp/fastcgi;
  uwsgi_temp_path $prefix/temp/uwsgi;
  scgi_temp_path $prefix/temp/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  default_type application/json;
  client_max_body_size 512m;

  upstream push_reader {
    server $remote_ip:$backend_port;
    keepalive 32;
  }

  server {
    listen $remote_ip:$remote_port ssl;
    server_name $remote_host;
    ssl_certificate $tmp/remote-ca/server.pem;
    ssl_certificate_key $tmp/remote-ca/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    client_body_buffer_size 256m;

    location = /servers/getVersion {
      return 200 '{"version":"2.5.2","pymisp_recommended_version":"2.5.2","perm_sync":true,"perm_sighting":true,"perm_galaxy_editor":true,"request_encoding":["gzip","br"],"filter_sightings":true,"perm_analyst_data":true}';
    }
    location = /events/add {
      proxy_pass http://push_reader;
      proxy_request_buffering on;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
    location ~ "^/events/view/([0-9a-f-]{36})\$" {
      alias $tmp/events/\$1.json;
    }
  }

  server {
    listen $remote_ip:$backend_port;
    access_log $prefix/backend.log bench;
    client_max_body_size 512m;
    location / {
      return 200 '{"Event":{"id":"4711","uuid":"8c4d2f6a-1b3e-4f70-9a25-6e1d0b7c3f48","published":true}}';
    }
  }
}
EOF
  "$nginx_bin" -t -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" >"$prefix/check.log" 2>&1 \
    || { cat "$prefix/check.log" >&2; die "nginx rejected its configuration"; }
  "$nginx_bin" -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" >"$prefix/stdout.log" 2>&1 &
  nginx_pid=$!
  started_pids+=("$nginx_pid")
  for _ in $(seq 1 50); do
    [ "$(curl_via direct -o /dev/null -w '%{http_code}' "$(remote_url /servers/getVersion)" 2>/dev/null)" = 200 ] && {
      say "remote: nginx (pid $nginx_pid) on $remote_host = $remote_ip:$remote_port"
      return 0
    }
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$prefix/error.log" >&2 2>/dev/null || true
  die "nginx did not answer on $remote_ip:$remote_port"
}

# --- results ---------------------------------------------------------------------------------
rows=()
failed=0
missed=0
# row WORK DIRECT GUARDED RATIO TARGET VERDICT (met | NOT MET | FAILED)
row() {
  rows+=("$1|$2|$3|$4|$5|$6")
  case "$6" in FAILED) failed=1 ;; "NOT MET") missed=1 ;; esac
}
# holds VALUE OP LIMIT: whether VALUE <= or >= LIMIT
holds() { awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { exit !((op == "<=") ? v <= l : v >= l) }'; }
verdict() { if holds "$@"; then echo met; else echo "NOT MET"; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

# --- small calls: requests per second, 16 at a time over keep-alive connections ---------------
# rate direct|guarded PATH COUNT [CURL-ARGS]: prints req/s and the milliseconds taken, or nothing
# when a request failed.
rate() {
  local route="$1" path="$2" count="$3" list start end ok connects
  shift 3
  list="$tmp/urls-$count-${path//\//_}.cfg"
  [ -f "$list" ] || awk -v n="$count" -v url="$(remote_url "$path")" \
    'BEGIN { for (i = 0; i < n; i++) printf "url = \"%s\"\noutput = \"/dev/null\"\n", url }' >"$list"
  start=$(date +%s%N)
  curl_via "$route" --parallel --parallel-max "$parallel" --parallel-immediate --max-time 60 -K "$list" \
    -w '%{http_code} %{num_connects}\n' "$@" >"$tmp/codes" 2>"$tmp/curl-errors" || true
  end=$(date +%s%N)
  ok=$(grep -c '^200 ' "$tmp/codes" || true)
  connects=$(awk '{ n += $2 } END { print n + 0 }' "$tmp/codes")
  if [ "$ok" != "$count" ]; then
    say "$route $path: $ok of $count answered 200; statuses $(tally 1 "$tmp/codes"); $(head -c 300 "$tmp/curl-errors")"
    return 0
  fi
  say "$route $path: $count requests over $connects connection(s) in $(( (end - start) / 1000000 )) ms"
  awk -v n="$count" -v ns="$((end - start))" 'BEGIN { printf "%.0f %.0f", n / (ns / 1e9), ns / 1e6 }'
}

# sized RESULT SECONDS: how many requests last about SECONDS at the rate of RESULT ("REQ/S MS").
sized() {
  awk -v r="${1% *}" -v s="$2" 'BEGIN { n = int(r * s); print (n < 500) ? 500 : (n > 300000) ? 300000 : n }'
}

# warmed direct|guarded PATH [CURL-ARGS]: warm-up runs of about 1 s that go on for at least
# $small_warmup s and until two in a row are within 5 % of each other (at most $max_warmup s);
# prints the last one's result ("REQ/S MS"), or nothing when a request failed. A JVM compiles the
# hot paths of a proxy for many seconds under load on a small machine, and a long-running guard is
# measured, not a cold one; both paths are warmed the same way. Each run is sized from the rate of
# the one before.
warmed() {
  local route="$1" path="$2" result warmed previous=0
  shift 2
  result="$(rate "$route" "$path" 500 "$@")"
  [ -n "$result" ] || return 0
  warmed="${result#* }"
  until holds "$warmed" ">=" "$((max_warmup * 1000))" \
      || { holds "$warmed" ">=" "$((small_warmup * 1000))" && settled "$previous" "${result% *}"; }; do
    previous="${result% *}"
    result="$(rate "$route" "$path" "$(sized "$result" 1)" "$@")"
    [ -n "$result" ] || return 0
    warmed=$((warmed + ${result#* }))
  done
  say "$route $path: warmed for $((warmed / 1000)) s"
  echo "$result"
}

# settled BEFORE NOW: whether two rates in a row are within 5 % of each other.
settled() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > 0 && b >= 0.95 * a && b <= 1.05 * a) }'; }

# small_calls WORK TARGET-RATIO PATH [CURL-ARGS]: requests per second on each path over open
# keep-alive connections, and their ratio; a TARGET-RATIO of - measures without a target. Once both
# paths are warmed, they are measured in turns, $small_rounds runs of about 0.8 s each, direct then
# guarded: this machine's speed drifts by a tenth or more from one minute to the next, and measured
# one after the other the two paths would see different machines. A run is short enough that the
# guard, idle while the direct path is measured, does not as a rule go quiet for the second after
# which it gives memory back. Each run is a new curl, which opens its $parallel connections first:
# right before it, in the same turn, a run of $parallel requests on $parallel new connections
# measures that opening (CONNECT and two TLS handshakes through the guard, one straight), and a
# path's rate is its requests over its seconds, all runs together, less those runs of opening
# (the median of the path's, once per run). MISP opens a connection once and syncs over it. The
# opening gets a row of its own, and the rate with it counted is logged.
small_calls() {
  local name="$1" target="$2" path="$3" direct guarded route result count opening
  # by path: the last run's result ("REQ/S MS", sizing the next run), the requests and
  # milliseconds of the measured runs, and the milliseconds of each run of opening
  local -A last=() requests=([direct]=0 [guarded]=0) ms=([direct]=0 [guarded]=0) opened=([direct]="" [guarded]="")
  shift 3
  last[direct]="$(warmed direct "$path" "$@")"
  [ -z "${last[direct]}" ] || last[guarded]="$(warmed guarded "$path" "$@")"
  result="${last[guarded]:-}"
  if [ -n "$result" ]; then
    for _ in $(seq 1 "$small_rounds"); do
      for route in direct guarded; do
        opening="$(rate "$route" "$path" "$parallel" "$@")"
        [ -n "$opening" ] || { result=""; break 2; }
        count="$(sized "${last[$route]}" 0.8)"
        result="$(rate "$route" "$path" "$count" "$@")"
        [ -n "$result" ] || break 2
        last[$route]="$result"
        requests[$route]=$((requests[$route] + count))
        ms[$route]=$((ms[$route] + ${result#* }))
        opened[$route]+="${opening#* } "
      done
    done
  fi
  if [ -z "$result" ]; then
    row "$name" FAILED FAILED - "$(target_text ">=" "$target")" FAILED
    return 0
  fi
  local -A open_ms=() with=()
  for route in direct guarded; do
    open_ms[$route]="$(median <(printf "%s\n" ${opened[$route]}))"
    with[$route]="$(per_second "${requests[$route]}" "${ms[$route]}")"
  done
  direct="$(open_rate "${requests[direct]}" "${ms[direct]}" "${open_ms[direct]}")"
  guarded="$(open_rate "${requests[guarded]}" "${ms[guarded]}" "${open_ms[guarded]}")"
  say "$name: counting the opening of the connections: ${with[direct]} against ${with[guarded]} req/s, $(ratio "${with[guarded]}" "${with[direct]}")"
  if [ "$target" = - ]; then
    row "$name" "$direct req/s" "$guarded req/s" "$(ratio "$guarded" "$direct")" - -
  else
    row "$name" "$direct req/s" "$guarded req/s" "$(ratio "$guarded" "$direct")" ">= ${target}x" \
      "$(verdict "$(awk -v g="$guarded" -v d="$direct" 'BEGIN { print g / d }')" ">=" "$target")"
  fi
  row "  opening $parallel connections and a request on each, median" "${open_ms[direct]} ms" "${open_ms[guarded]} ms" \
    "$(ratio "${open_ms[guarded]}" "${open_ms[direct]}")" - -
}

# open_rate REQUESTS MS OPENING-MS: requests per second once the connections are open, over
# $small_rounds runs that each spent OPENING-MS opening them with $parallel of the requests.
open_rate() {
  awk -v n="$1" -v ms="$2" -v o="$3" -v runs="$small_rounds" -v p="$parallel" \
    'BEGIN { printf "%.0f", (n - runs * p) / ((ms - runs * o) / 1000) }'
}

# per_second COUNT MS: requests per second, or nothing when nothing was measured.
per_second() { if [ "$2" -gt 0 ]; then awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.0f", n / (ms / 1000) }'; fi; }

# target_text OP TARGET-RATIO: how a target is printed ("-" for none).
target_text() { if [ "$2" = - ]; then echo -; else echo "$1 ${2}x"; fi; }

# --- large bodies: single timed requests, one connection each ----------------------------------
# transfer direct|guarded push|pull FILE UUID [CURL-ARGS]: one request; prints "STATUS SECONDS BYTES".
transfer() {
  local route="$1" kind="$2" file="$3" uuid="$4"
  shift 4
  if [ "$kind" = push ]; then
    curl_via "$route" --max-time 120 -o /dev/null -w '%{http_code} %{time_total} %{size_upload}\n' \
      --data-binary "@$file" "$@" "$(remote_url /events/add)" 2>>"$tmp/curl-errors" || true
  else
    curl_via "$route" --max-time 120 -o /dev/null -w '%{http_code} %{time_total} %{size_download}\n' \
      "$@" "$(remote_url "/events/view/$uuid")" 2>>"$tmp/curl-errors" || true
  fi
}

# timed NAME push|pull FILE UUID COUNT [CURL-ARGS]: COUNT requests on each path, direct and
# guarded taking turns; a request counts when it answered 200 with the whole body sent or
# received. Writes the seconds of each to $tmp/times-NAME-PATH; a failure is reported and leaves
# $tmp/failed-NAME-PATH.
timed() {
  local name="$1" kind="$2" file="$3" uuid="$4" count="$5" size route result status seconds bytes
  shift 5
  size="$(file_size "$file")"
  for _ in $(seq 1 "$count"); do
    for route in direct guarded; do
      result="$(transfer "$route" "$kind" "$file" "$uuid" "$@")"
      read -r status seconds bytes <<<"${result:-000 0 0}"
      if [ "$status" = 200 ] && [ "$bytes" = "$size" ]; then
        echo "$seconds" >>"$tmp/times-$name-$route"
      elif [ ! -e "$tmp/failed-$name-$route" ]; then
        touch "$tmp/failed-$name-$route"
        say "$name $kind $route: status $status, $bytes of $size bytes $(tail -n 1 "$tmp/curl-errors" 2>/dev/null)"
      fi
    done
  done
}

median() {
  sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# timed_row NAME WORK TARGET-RATIO: median seconds per path and their ratio (guarded / direct).
timed_row() {
  local name="$1" work="$2" target="$3" d g
  if [ -e "$tmp/failed-$name-direct" ] || [ -e "$tmp/failed-$name-guarded" ]; then
    d="$([ -e "$tmp/failed-$name-direct" ] && echo FAILED || echo "$(median "$tmp/times-$name-direct") s")"
    g="$([ -e "$tmp/failed-$name-guarded" ] && echo FAILED || echo "$(median "$tmp/times-$name-guarded") s")"
    row "$work" "$d" "$g" - "${target:--}" FAILED
    return
  fi
  d="$(median "$tmp/times-$name-direct")"
  g="$(median "$tmp/times-$name-guarded")"
  local r
  r="$(awk -v g="$g" -v d="$d" 'BEGIN { print g / d }')"
  if [ -n "$target" ]; then
    row "$work" "$(printf '%.3f s' "$d")" "$(printf '%.3f s' "$g")" "$(ratio "$g" "$d")" "<= ${target}x" "$(verdict "$r" "<=" "$target")"
  else
    row "$work" "$(printf '%.3f s' "$d")" "$(printf '%.3f s' "$g")" "$(ratio "$g" "$d")" - "-"
  fi
}

# The remote must read the whole push before it answers. A push sent at 40 MB/s (about 0.7 s for
# 28 MB) shows it in the remote's access log: every byte read (request length), and the backend
# that gives the answer asked only at the end (its response time a small part of the request's).
check_push_read_in_full() {
  local file="$1" size status logged length request_time upstream_time
  size="$(file_size "$file")"
  status="$(curl_via direct --max-time 60 --limit-rate 40M -o /dev/null -w '%{http_code}' --data-binary "@$file" \
    "$(remote_url /events/add)" 2>/dev/null || true)"
  logged="$(awk '$3 == "/events/add" { line = $6 " " $8 " " $9 } END { print line }' "$tmp/nginx/access.log")"
  read -r length request_time upstream_time <<<"${logged:-0 0 0}"
  if [ "$status" = 200 ] && [ "$length" -ge "$size" ] && holds "$upstream_time" "<=" "$(awk -v t="$request_time" 'BEGIN { print t / 2 }')"; then
    say "the remote reads a push in full before answering: $length bytes read in $request_time s, its backend answered in $upstream_time s"
  else
    row "remote reads a push in full" "status $status, $length bytes, ${request_time}s / ${upstream_time}s" - - \
      "200, >= $size bytes, backend asked at the end" FAILED
  fi
}

guard_alive() { kill -0 "$guard_pid" 2>/dev/null; }

# --- the run ----------------------------------------------------------------------------------
run_start=$(date +%s)
ensure_nginx
build_jars
mkdir -p "$tmp/events"
say "generating the events (fixed seed) ..."
make_event 20 clean "$tmp/events/small.json"
make_event 50000 clean "$tmp/events/$big_uuid.json"
make_event 50000 blocked "$tmp/events/$blocked_uuid.json"
make_event 300000 clean "$tmp/events/$huge_uuid.json"
for event in small "$big_uuid"; do
  gzip -1 -c "$tmp/events/$event.json" >"$tmp/events/$event.json.gz" || die "gzip is needed (apt-get install gzip)"
done
big_mb="$(awk -v b="$(file_size "$tmp/events/$big_uuid.json")" 'BEGIN { printf "%.1f", b / 1e6 }')"
huge_mb="$(awk -v b="$(file_size "$tmp/events/$huge_uuid.json")" 'BEGIN { printf "%.1f", b / 1e6 }')"
say "events: 20 attributes $(file_size "$tmp/events/small.json") B, 50 000 attributes $big_mb MB, 300 000 attributes $huge_mb MB"
make_remote_certificate
start_nginx
start_guard "$remote_port"

say "small calls: $small_rounds runs of about 0.8 s per path in turns, after ${small_warmup} to ${max_warmup} s of warm-up each, $parallel in parallel ..."
small_calls "GET /servers/getVersion" 0.5 /servers/getVersion
small_calls "POST /events/add, 20 attributes" 0.5 /events/add --data-binary "@$tmp/events/small.json"

say "$big_mb MB event: $big_count pushes and pulls per path ($big_warmup to warm up) ..."
check_push_read_in_full "$tmp/events/$big_uuid.json"
timed warmup push "$tmp/events/$big_uuid.json" "$big_uuid" "$big_warmup"
timed warmup pull "$tmp/events/$big_uuid.json" "$big_uuid" "$big_warmup"
for route in direct guarded; do
  [ -e "$tmp/failed-warmup-$route" ] && row "warm-up, $big_mb MB push and pull, $route" - - - 200 FAILED
done
timed big-push push "$tmp/events/$big_uuid.json" "$big_uuid" "$big_count"
timed big-pull pull "$tmp/events/$big_uuid.json" "$big_uuid" "$big_count"
timed_row big-push "push $big_mb MB (50 000 attributes), median" 4
timed_row big-pull "pull $big_mb MB (50 000 attributes), median" 4

# A blocked event must be refused through the guard (and cross when sent straight).
blocked_statuses() {
  local push pull
  push="$(curl_via "$1" --max-time 120 -o /dev/null -w '%{http_code}' --data-binary "@$tmp/events/$blocked_uuid.json" \
    "$(remote_url /events/add)" 2>/dev/null || true)"
  pull="$(curl_via "$1" --max-time 120 -o /dev/null -w '%{http_code}' "$(remote_url "/events/view/$blocked_uuid")" 2>/dev/null || true)"
  echo "${push:-000} / ${pull:-000}"
}
blocked_direct="$(blocked_statuses direct)"
blocked_guarded="$(blocked_statuses guarded)"
if [ "$blocked_direct" != "200 / 200" ]; then
  row "blocked $big_mb MB event, push / pull" "$blocked_direct" "$blocked_guarded" - "403 / 403 guarded" FAILED
elif [ "$blocked_guarded" = "403 / 403" ]; then
  row "blocked $big_mb MB event, push / pull" "$blocked_direct" "$blocked_guarded" - "403 / 403 guarded" met
else
  row "blocked $big_mb MB event, push / pull" "$blocked_direct" "$blocked_guarded" - "403 / 403 guarded" "NOT MET"
fi

if guard_alive; then
  hwm_before_huge="$(vm_mb "$guard_pid" VmHWM)"
  row "guard peak RSS (VmHWM), small calls + $big_mb MB" - "$hwm_before_huge MB" - "<= 300 MB" "$(verdict "$hwm_before_huge" "<=" 300)"
else
  row "guard peak RSS (VmHWM), small calls + $big_mb MB" - FAILED - "<= 300 MB" FAILED
fi

say "$huge_mb MB event: $huge_count pushes and pulls per path ..."
for _ in $(seq 1 "$huge_count"); do
  timed huge-push push "$tmp/events/$huge_uuid.json" "$huge_uuid" 1
  timed huge-pull pull "$tmp/events/$huge_uuid.json" "$huge_uuid" 1
done
timed_row huge-push "push $huge_mb MB (300 000 attributes), median" 4
timed_row huge-pull "pull $huge_mb MB (300 000 attributes), median" 4
huge_limit="$(awk -v b="$huge_mb" 'BEGIN { printf "%.0f", 3 * b + 200 }')"
if guard_alive; then
  hwm="$(vm_mb "$guard_pid" VmHWM)"
  row "guard peak RSS (VmHWM), whole run" - "$hwm MB" - "<= $huge_limit MB (3 x body + 200)" "$(verdict "$hwm" "<=" "$huge_limit")"
else
  say "the guard is no longer running; the end of its log:"
  tail -n 30 "$guard_log" >&2
  row "guard peak RSS (VmHWM), whole run" - FAILED - "<= $huge_limit MB (3 x body + 200)" FAILED
fi
# MISP compresses every push of more than 1 KiB when the remote offers it (gzip or br, at their
# fastest level). The remote here keeps the compressed bytes as they are; the guard decodes them,
# judges the event and forwards the decoded body, the bytes it judged. No target: a MISP that
# receives the push straight decodes and parses it too, and this remote does neither.
say "pushes compressed as MISP sends them (gzip -1) ..."
small_calls "POST /events/add, 20 attributes, gzip as MISP sends it" - /events/add \
  -H 'Content-Encoding: gzip' --data-binary "@$tmp/events/small.json.gz"
timed big-gzip push "$tmp/events/$big_uuid.json.gz" "$big_uuid" "$big_count" -H 'Content-Encoding: gzip'
timed_row big-gzip "push $big_mb MB, gzip as MISP sends it, median" ""

trouble_pattern="$(IFS='|'; echo "${trouble_patterns[*]}")"
trouble="$(grep -c -E "$trouble_pattern" "$guard_log" || true)"
[ "$trouble" = 0 ] || say "guard log: $(grep -m 1 -E "$trouble_pattern" "$guard_log" | cut -c1-240)"
row "guard log: LEAK / out-of-memory / bad_record_mac / refcount lines" - "$trouble" - 0 "$(verdict "$trouble" "<=" 0)"
stop_pid "$guard_pid"
stop_pid "$nginx_pid"
e2e_seconds=$(( $(date +%s) - run_start ))

if [ "$skip_jmh" = 1 ]; then
  say "inspection benchmark skipped (--skip-jmh)"
else
  say "inspection alone (bench/inspection, JMH, one thread) ..."
  jmh_args=(-p document=LARGE_CLEAN)
  [ "$quick" = 1 ] && jmh_args+=(-wi 1 -i 2)
  # JMH runs one benchmark at a time per machine (its lock file); on a shared machine, wait for
  # another one to end rather than run beside it.
  for _ in $(seq 1 30); do
    # shellcheck disable=SC2086 # a list of JMH options
    java -jar "$bench_jar" "${jmh_args[@]}" ${INSPECTION_ARGS:-} >"$tmp/jmh.log" 2>&1 || true
    grep -q "Unable to acquire the JMH lock" "$tmp/jmh.log" || break
    say "another JMH run holds its lock; waiting ..."
    sleep 10
  done
  mbps="$(awk '$1 == "LARGE_CLEAN" { for (i = 1; i <= NF; i++) if ($i == "MB/s") print $(i - 1) }' "$tmp/jmh.log" | tail -n 1)"
  if [ -n "$mbps" ]; then
    row "inspection alone, $big_mb MB event, one core" - "$mbps MB/s" - ">= 600 MB/s" "$(verdict "$mbps" ">=" 600)"
  else
    tail -n 20 "$tmp/jmh.log" >&2
    row "inspection alone, $big_mb MB event, one core" - FAILED - ">= 600 MB/s" FAILED
  fi
fi

echo
echo "misp-guard benchmark (SPEC §10): curl $(curl --version | head -n 1 | cut -d' ' -f2), nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///'), guard JVM options: ${GUARD_JAVA_OPTS:-run.sh defaults}$([ "$quick" = 1 ] && echo ', --quick')"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); end-to-end part took ${e2e_seconds} s"
echo
printf '%s\n' "work|direct|guarded|ratio|target|verdict" "${rows[@]}" | awk -F'|' '
  { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > width[i]) width[i] = length($i) } }
  END { for (r = 1; r <= NR; r++) { for (i = 1; i <= 6; i++) printf "%-*s  ", width[i], cell[r, i]; printf "\n" } }'
echo
if [ "$failed" = 1 ]; then
  echo "RESULT: FAILED (a workload measured nothing; see the messages above)"
  exit 1
elif [ "$missed" = 1 ]; then
  echo "RESULT: measured; some targets NOT MET"
  exit 3
fi
echo "RESULT: every target met"
