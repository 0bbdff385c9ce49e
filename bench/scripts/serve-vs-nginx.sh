#!/bin/sh
# `sendfile4j serve` against nginx, a Netty file server and jwebserver on loopback, with wrk; prints the table of
# docs/PERFORMANCE.md. Installs nginx-light and wrk from Debian when missing (root). Bounded: every run is
# DURATION seconds, every server listens on 127.0.0.1 only and is stopped on exit.
#   bench/scripts/serve-vs-nginx.sh [DURATION=10] [REPETITIONS=3]
# After a 2 s warm-up of every server on every file, rounds are interleaved (each repetition runs every server
# once, in turn); the table shows medians, and each ratio per round with its median and range.
set -eu
cd "$(dirname "$0")/../.."
duration=${1:-10}
reps=${2:-3}
. bench/scripts/common.sh
build_jars_if_missing
if ! command -v wrk >/dev/null 2>&1 || ! command -v nginx >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || { echo "needs wrk and nginx (apt-get install wrk nginx-light), or run as root" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null
fi
jdk=${JWEBSERVER_JDK:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)}

work=$(mktemp -d)
pids=
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    [ -f "$work/nginx-pids" ] && while read -r p; do kill "$p" 2>/dev/null || true; done <"$work/nginx-pids"
    [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT INT TERM
mkdir -p "$work/www"
chmod 755 "$work" "$work/www" # nginx workers run as an unprivileged user
head -c 1024 /dev/urandom >"$work/www/1k.bin"
head -c 16384 /dev/urandom >"$work/www/16k.bin"
head -c 1048576 /dev/urandom >"$work/www/1m.bin"
chmod 644 "$work"/www/*

# The flags the launcher gives `serve`: a bounded, lean JVM.
lean=$(lean_jvm)
[ -n "$lean" ] || { echo "no serve flags found in cli/src/dist/sendfile4j" >&2; exit 1; }
access=
if java --enable-native-access=ALL-UNNAMED -version >/dev/null 2>&1; then access=--enable-native-access=ALL-UNNAMED; fi

start_java() { # name port args...
    name=$1 port=$2
    shift 2
    # shellcheck disable=SC2086
    java $lean $access -jar "$jar" serve "$work/www" --port "$port" --access-log off "$@" >"$work/$name.log" 2>&1 &
    echo "$!" >"$work/$name.pid"
    pids="$pids $!"
}
start_nginx() { # name port workers [extra http directives]
    mkdir -p "$work/$1"
    cat >"$work/$1/nginx.conf" <<CONF
worker_processes $3;
daemon off;
pid $work/$1/nginx.pid;
error_log $work/$1/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    ${4:-}
    server { listen 127.0.0.1:$2; root $work/www; }
}
CONF
    nginx -c "$work/$1/nginx.conf" -p "$work/$1" >"$work/$1.log" 2>&1 &
    echo "$!" >"$work/$1.pid"
    echo "$!" >>"$work/nginx-pids"
    pids="$pids $!"
}
start_netty() { # name port threads: NettyFileServer in the bench jar, with Netty's own JVM defaults
    java -cp "$benchjar" io.github.sendfile4j.bench.NettyFileServer "$work/www" "$2" "$3" >"$work/$1.log" 2>&1 &
    echo "$!" >"$work/$1.pid"
    pids="$pids $!"
}
start_jwebserver() { # name port
    "$jdk/bin/jwebserver" -b 127.0.0.1 -p "$2" -d "$work/www" -o none >"$work/$1.log" 2>&1 &
    echo "$!" >"$work/$1.pid"
    pids="$pids $!"
}

servers="sendfile4j-1:18301 sendfile4j-auto:18302 nginx-1:18303 nginx-auto:18304 nginx-auto-cache:18305 netty-auto:18307"
start_java sendfile4j-1 18301 --threads 1
start_java sendfile4j-auto 18302
start_nginx nginx-1 18303 1
start_nginx nginx-auto 18304 auto
start_nginx nginx-auto-cache 18305 auto "open_file_cache max=1000 inactive=60s;"
start_netty netty-auto 18307 "$(nproc)"
if [ -x "$jdk/bin/jwebserver" ]; then
    start_jwebserver jwebserver 18306
    servers="$servers jwebserver:18306"
fi
for s in $servers; do
    port=${s#*:}
    i=0
    until curl -fs -o /dev/null "http://127.0.0.1:$port/1k.bin"; do
        i=$((i + 1))
        [ $i -lt 100 ] || { echo "server ${s%:*} did not start" >&2; tail -3 "$work/${s%:*}.log" "$work/${s%:*}/error.log" 2>/dev/null >&2; exit 1; }
        sleep 0.1
    done
done

# Warm-up, not counted: the JVM servers compile their loops before the first measured run, as nginx needs not.
for file in 1k.bin 16k.bin 1m.bin; do
    for s in $servers; do wrk -t2 -c16 -d2s "http://127.0.0.1:${s#*:}/$file" >/dev/null 2>&1 || true; done
done

rows="1k.bin:1 1k.bin:16 1k.bin:256 16k.bin:1 16k.bin:16 16k.bin:256 1m.bin:1"
: >"$work/results"
r=1
while [ $r -le "$reps" ]; do
    for row in $rows; do
        file=${row%:*} conns=${row#*:}
        threads=$((conns < 2 ? conns : 2))
        for s in $servers; do
            out=$(wrk -t"$threads" -c"$conns" -d"${duration}s" --latency "http://127.0.0.1:${s#*:}/$file")
            echo "$out" | awk -v where="${s%:*} $row" '/Non-2xx|Socket errors/ {print where ":" $0 > "/dev/stderr"}'
            rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
            p99=$(echo "$out" | awk '$1 == "99%" {v = $2; n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
                printf "%.3f", u == "us" ? n / 1000 : u == "s" ? n * 1000 : n}')
            echo "$row ${s%:*} $rps $r $p99" >>"$work/results"
        done
    done
    r=$((r + 1))
done

rss_of() { # peak RSS (VmHWM) in MB of a pid and its children
    total=0
    for p in $1 $(pgrep -P "$1" || true); do
        kb=$(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
        total=$((total + ${kb:-0}))
    done
    echo $((total / 1024))
}

names=
for s in $servers; do names="$names ${s%:*}"; done
echo "wrk on 127.0.0.1, ${duration} s runs, $reps repetitions interleaved, medians (requests/s, and the p99 latency); $(nproc) cores"
echo "$(java -version 2>&1 | head -1); $(nginx -v 2>&1); wrk $(wrk -v 2>&1 | awk 'NR==1 {print $2}')"
echo
printf '| file, connections |'
for n in $names; do printf ' %s |' "$n"; done
printf ' 1 thread / nginx-1, per round: median (range) | auto / nginx-auto, per round |\n|---|'
for n in $names; do printf -- '---|'; done
printf -- '---|---|\n'
for row in $rows; do
    printf '| %s, %s |' "${row%:*}" "${row#*:}"
    for n in $names; do
        med=$(awk -v row="$row" -v n="$n" '$1 == row && $2 == n {print $3}' "$work/results" | median)
        p99=$(awk -v row="$row" -v n="$n" '$1 == row && $2 == n {print $5}' "$work/results" | median)
        printf ' %.0f (p99 %.2f ms) |' "$med" "$p99"
    done
    # Each ratio within a round (its servers ran one after another), then the median and range over rounds.
    for pair in sendfile4j-1:nginx-1 sendfile4j-auto:nginx-auto; do
        ratios=$(awk -v row="$row" -v a="${pair%:*}" -v b="${pair#*:}" '
            $1 == row && $2 == a {x[$4] = $3}
            $1 == row && $2 == b {y[$4] = $3}
            END {for (r in x) if (y[r] > 0) print x[r] / y[r]}' "$work/results" | sort -n)
        printf ' %.2f (%.2f–%.2f) |' "$(echo "$ratios" | median)" "$(echo "$ratios" | head -1)" "$(echo "$ratios" | tail -1)"
    done
    echo
done
printf '| peak RSS, MB |'
for s in $servers; do printf ' %s |' "$(rss_of "$(cat "$work/${s%:*}.pid")")"; done
printf ' | |\n'
