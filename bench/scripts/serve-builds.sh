#!/bin/sh
# `serve` of two builds side by side in one run, nginx (one worker) beside them as the anchor: did a change make
# serve slower? Every server listens on 127.0.0.1 only and is stopped on exit; every wrk run is bounded.
#   bench/scripts/serve-builds.sh OLD_JAR [NEW_JAR=cli/target/sendfile4j.jar] [DURATION=5] [ROUNDS=3]
# Rounds are interleaved (old, new, nginx, in turn); the table shows median requests/s and the per-round ratio
# new/old as median (range).
set -eu
cd "$(dirname "$0")/../.."
old=$1
new=${2:-cli/target/sendfile4j.jar}
duration=${3:-5}
rounds=${4:-3}
. bench/scripts/common.sh
command -v wrk >/dev/null 2>&1 && command -v nginx >/dev/null 2>&1 || { echo "needs wrk and nginx-light" >&2; exit 1; }
work=$(mktemp -d)
pids=
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    [ -f "$work/nginx/pid" ] && kill "$(cat "$work/nginx/pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
mkdir -p "$work/www" "$work/nginx"
chmod 755 "$work" "$work/www"
head -c 1024 /dev/urandom >"$work/www/1k.bin"
head -c 1048576 /dev/urandom >"$work/www/1m.bin"
chmod 644 "$work"/www/*
lean=$(lean_jvm)
# shellcheck disable=SC2086
quiet() { # the flag that turns a build's access log off, if it has one (nginx runs with access_log off)
    if java -jar "$1" serve --help 2>&1 | grep -q -- --access-log; then echo "--access-log off"; fi
}
# shellcheck disable=SC2046
java $lean -jar "$old" serve "$work/www" --port 18411 --threads 1 $(quiet "$old") >"$work/old.log" 2>&1 & pids="$pids $!"
# shellcheck disable=SC2086
# shellcheck disable=SC2046
java $lean -jar "$new" serve "$work/www" --port 18412 --threads 1 $(quiet "$new") >"$work/new.log" 2>&1 & pids="$pids $!"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1; pid $work/nginx/pid; error_log $work/nginx/error.log; daemon off;
events { worker_connections 1024; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
       server { listen 127.0.0.1:18413; root $work/www; } }
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" >"$work/nginx.log" 2>&1 & pids="$pids $!"
sleep 3
servers="old:18411 new:18412 nginx-1:18413"
for f in 1k.bin 1m.bin; do for s in $servers; do wrk -t2 -c16 -d2s "http://127.0.0.1:${s#*:}/$f" >/dev/null; done; done
echo "serve --threads 1, two builds, and nginx with one worker; wrk -t2 -c16, ${duration} s runs, $rounds rounds"
echo "$(java -version 2>&1 | head -1); $(nginx -v 2>&1)"
for f in 1k.bin 1m.bin; do
    r=1
    while [ "$r" -le "$rounds" ]; do
        for s in $servers; do
            wrk -t2 -c16 -d"${duration}s" "http://127.0.0.1:${s#*:}/$f" | awk -v s="${s%%:*}" -v f="$f" -v r="$r" \
                '/Requests\/sec/ {print f, r, s, $2}' >>"$work/results"
        done
        r=$((r + 1))
    done
    for s in $servers; do
        printf '%s %-8s %12.0f req/s\n' "$f" "${s%%:*}" "$(awk -v f="$f" -v s="${s%%:*}" '$1 == f && $3 == s {print $4}' "$work/results" | median)"
    done
    ratios=$(awk -v f="$f" '$1 == f {v[$2 "," $3] = $4; n = ($2 > n ? $2 : n)}
        END {for (i = 1; i <= n; i++) printf "%.3f\n", v[i ",new"] / v[i ",old"]}' "$work/results")
    echo "$f new/old per round: median $(echo "$ratios" | median), range $(echo "$ratios" | sort -n | head -1)-$(echo "$ratios" | sort -n | tail -1)"
done
