# Shared by bench/run.sh and bench/faults.sh (sourced, not run): builds, generated events, the
# throwaway CA of the remote, the guard started through the product's own ./run.sh, curl's
# options for both paths, and the clean-up of every process a script started.
# Everything binds and talks on loopback only: the client is 127.0.0.3, the remote 127.0.0.2,
# the guard 127.0.0.1.

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench_dir/.." && pwd)"
guard_jar="$root/target/misp-guard.jar"
bench_jar="$bench_dir/inspection/target/benchmarks.jar"

client_ip=127.0.0.3
remote_ip=127.0.0.2
guard_ip=127.0.0.1
remote_host=misp-remote.bench

# A sync client never goes through a proxy it was not told about.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY

say() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }
die() { say "$*"; exit 1; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/misp-guard-bench.XXXXXX")"
started_pids=()

# Ends PID (TERM, then KILL after 10 s) and waits for it.
stop_pid() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local pid
  for pid in $(jobs -p); do
    case " ${started_pids[*]} " in *" $pid "*) ;; *) kill -TERM "$pid" 2>/dev/null || true ;; esac
  done
  for pid in "${started_pids[@]}"; do
    stop_pid "$pid"
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    say "kept $tmp (guard.log, nginx/, remote.log, events/)"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port nothing listens on at ADDRESS (others may share the machine, so no fixed default).
free_port() {
  local address="$1" port low=32768 _high
  # Below the range the system picks clients' local ports from: a port that some connection (curl's,
  # nginx's) holds as its own end accepts no connection here, yet cannot be bound by a listener.
  read -r low _high 2>/dev/null </proc/sys/net/ipv4/ip_local_port_range || true
  [ "$low" -gt 12000 ] 2>/dev/null || low=32768
  for _ in $(seq 1 50); do
    port=$((10000 + RANDOM % (low - 10000)))
    if ! (exec 3<>"/dev/tcp/$address/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "no free port found on $address"
}

# The guard's jar when its sources changed since it was built, then the benchmark jar (JMH and
# the event generator), which is compiled against the guard's classes of this checkout.
build_jars() {
  command -v curl >/dev/null || die "curl is needed (apt-get install curl)"
  if [ ! -f "$guard_jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$guard_jar" -print -quit)" ]; then
    say "building $guard_jar ..."
    (cd "$root" && mvn -B -q -DskipTests package >&2) || die "the guard did not build"
  fi
  if [ ! -f "$bench_jar" ] || [ -n "$(find "$bench_dir/inspection/src" "$bench_dir/inspection/pom.xml" "$guard_jar" \
      -newer "$bench_jar" -print -quit)" ]; then
    say "building $bench_jar ..."
    mvn -B -q -f "$bench_dir/inspection/pom.xml" package >&2 || die "bench/inspection did not build"
  fi
}

# make_event ATTRIBUTES clean|blocked FILE: the generated event (fixed seed: the same bytes every run).
make_event() {
  java -cp "$bench_jar" org.mispguard.bench.EventFile "$1" "$2" "$3" || die "could not generate $3"
}

file_size() { stat -c %s "$1"; }

# tally N FILE: how often each value of column N occurs, e.g. "200 x 118, 000 x 2".
tally() { awk -v n="$1" '{ c[$n]++ } END { for (v in c) print v " x " c[v] }' "$2" | sort | paste -sd, - | sed 's/,/, /g'; }

# A CA made for this run only, and a certificate for the remote's name and address signed by it:
# $tmp/remote-ca/ca.pem (what a direct client trusts, and the guard's --upstream-ca),
# $tmp/remote-ca/server.pem and server.key.
make_remote_certificate() {
  local dir="$tmp/remote-ca"
  mkdir -p "$dir"
  (
    cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=misp-guard bench CA" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=$remote_host"
    printf 'subjectAltName=DNS:%s,IP:%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' \
      "$remote_host" "$remote_ip" >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.pem
  ) >"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; die "openssl could not make the remote's certificate"; }
}

# write_guard_config FILE REMOTE_PORT: two instances, the client (by its source address) and the
# remote (its host name, pinned to its address); both refuse passport numbers, tlp:red,
# distribution 0 and person objects, so the generated clean events pass and the blocked one does not.
write_guard_config() {
  local rules='"taxonomies_rules": { "required_taxonomies": [], "allowed_tags": {}, "blocked_tags": ["tlp:red"] },
      "blocked_distribution_levels": ["0"], "blocked_sharing_groups_uuids": ["b9e656ba-b9c0-4506-83ed-7b54b43a57cb"],
      "blocked_attribute_types": ["passport-number"], "blocked_attribute_categories": [],
      "blocked_object_types": ["person"]'
  cat >"$1" <<EOF
{
  "_comment": "misp-guard benchmark: the internal MISP (the curl client) and one remote MISP",
  "allowlist": { "urls": [], "domains": [] },
  "compartments_rules": { "can_reach": { "internal": ["internal", "external"], "external": ["external"] } },
  "instances": {
    "misp_internal": {
      "ip": "$client_ip", "host": "misp-internal.bench", "port": 443,
      "compartment_id": "internal", "affiliation": "benchmark",
      $rules
    },
    "misp_remote": {
      "ip": "$remote_ip", "host": "$remote_host", "port": $2,
      "compartment_id": "external", "affiliation": "benchmark",
      $rules
    }
  }
}
EOF
}

# Waits until FILE contains TEXT; fails when PID dies or SECONDS pass.
wait_for_line() {
  local file="$1" text="$2" pid="$3" seconds="$4" what="$5"
  for _ in $(seq 1 $((seconds * 10))); do
    grep -q "$text" "$file" 2>/dev/null && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      say "$what exited before it was ready; the end of its output:"
      tail -n 30 "$file" >&2
      return 1
    fi
    sleep 0.1
  done
  say "$what not ready after ${seconds}s; the end of its output:"
  tail -n 30 "$file" >&2
  return 1
}

# start_guard REMOTE_PORT: the guard as shipped (./run.sh, its default JVM settings unless
# GUARD_JAVA_OPTS is set) on $guard_ip:$guard_port, trusting the remote's throwaway CA.
# Sets guard_pid (run.sh execs java, so it is the JVM's pid) and guard_log.
start_guard() {
  guard_port="$(free_port "$guard_ip")"
  guard_log="$tmp/guard.log"
  write_guard_config "$tmp/guard-config.json" "$1"
  (
    unset JAVA_OPTS
    [ -n "${GUARD_JAVA_OPTS:-}" ] && export JAVA_OPTS="$GUARD_JAVA_OPTS"
    exec "$root/run.sh" --config "$tmp/guard-config.json" -p "$guard_port" --listen-host "$guard_ip" \
      --ca-dir "$tmp/guard-ca" --upstream-ca "$tmp/remote-ca/ca.pem"
  ) >"$guard_log" 2>&1 &
  guard_pid=$!
  started_pids+=("$guard_pid")
  wait_for_line "$guard_log" "MispGuard initialized" "$guard_pid" 90 "the guard" || die "the guard did not start"
  [ "$(cat "/proc/$guard_pid/comm" 2>/dev/null)" = java ] || die "process $guard_pid is not the guard's JVM"
  say "guard: pid $guard_pid on $guard_ip:$guard_port (JVM options: ${GUARD_JAVA_OPTS:-run.sh defaults})"
}

# vm_mb PID FIELD: VmRSS or VmHWM of PID in MB (10^6 bytes), or nothing when it is gone.
vm_mb() {
  awk -v field="$2:" '$1 == field { printf "%.0f", $2 * 1024 / 1e6 }' "/proc/$1/status" 2>/dev/null
}

# The counts of the guard's log lines that mean a buffer was lost or memory ran out.
trouble_patterns=(LEAK: OutOfDirectMemoryError OutOfMemoryError bad_record_mac IllegalReferenceCountException)

# curl's options shared by every request, as MISP's sync client sends them (libcurl, HTTP/1.1,
# every encoding accepted, Expect: 100-continue on large posts by curl's default).
curl_common=(--http1.1 --compressed --silent --show-error --interface "$client_ip"
  -H 'Accept: application/json' -H 'Content-Type: application/json'
  -H 'Authorization: 0123456789abcdef0123456789abcdef01234567' -A 'MISP 2.5.2 - #sync-bench')

# path_args direct|guarded: sets the array route_opts to curl's options for reaching the remote straight
# (its name resolved to its address, trusting its CA) or through the guard (CONNECT, trusting only
# the guard's CA, so a request that did not cross the guard fails). Needs remote_port, guard_port.
path_args() {
  case "$1" in
    direct) route_opts=(--resolve "$remote_host:$remote_port:$remote_ip" --cacert "$tmp/remote-ca/ca.pem") ;;
    guarded) route_opts=(--proxy "http://$guard_ip:$guard_port" --cacert "$tmp/guard-ca/misp-guard-ca-cert.pem") ;;
    *) die "path_args: no path $1" ;;
  esac
}

# curl_via direct|guarded CURL-ARGS...: one curl on that path.
curl_via() {
  path_args "$1"
  shift
  curl "${curl_common[@]}" "${route_opts[@]}" "$@"
}
remote_url() { echo "https://$remote_host:$remote_port$1"; }
