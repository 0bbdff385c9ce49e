#!/bin/sh
# Hot-file latency while cold files stream from a slow disk, for `sendfile4j serve --threads 1`, nginx with one
# worker and `sendfile on`, and nginx with one worker, `sendfile on` and `aio threads`; plus each one's cold
# throughput. The disk is slowfs (bench/slowfs/slowfs.c, FUSE): every read waits READ_MS first, pages stay
# cacheable. Prints the table of docs/PERFORMANCE.md ("An event loop that never waits on the disk").
#   bench/scripts/slow-disk.sh [DURATION=10] [ROUNDS=3] [READ_MS=5] [COLD_STREAMS=4] [LOAD=normal|idle]
# LOAD=idle runs the cold downloads and the FUSE daemon at SCHED_IDLE (chrt --idle), so that on a machine with
# few cores they take only CPU the server and wrk leave: the hot latency then shows what the server's loop does
# under cold load rather than how the cores are shared. The servers run as always.
# Installs fuse3, libfuse3-dev, nginx-light and wrk from Debian when missing (root). Each round runs every server
# in turn: hot requests alone (wrk, 4 connections), then the cold files evicted and COLD_STREAMS curl downloads
# of them running while wrk measures the hot file again. Medians over rounds; every server listens on 127.0.0.1
# only, and everything is stopped and unmounted on exit.
set -eu
cd "$(dirname "$0")/../.."
duration=${1:-10}
rounds=${2:-3}
read_ms=${3:-5}
streams=${4:-4}
load=${5:-normal}
case $load in
    normal) background= ;;
    idle) background="chrt --idle 0" ;;
    *) echo "LOAD must be normal or idle, was $load" >&2; exit 2 ;;
esac
. bench/scripts/common.sh
build_jars_if_missing
need=
for tool in wrk:wrk nginx:nginx-light fusermount3:fuse3 pkg-config:pkg-config curl:curl; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || need="$need ${tool#*:}"
done
[ -f /usr/include/fuse3/fuse.h ] || need="$need libfuse3-dev"
if [ -n "$need" ]; then
    [ "$(id -u)" = 0 ] || { echo "needs: apt-get install$need (or run as root)" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
[ -e /dev/fuse ] || { echo "no /dev/fuse: this machine cannot mount a FUSE file system" >&2; exit 1; }

start_work
cc -O2 -Wall -Werror -o "$work/slowfs" bench/slowfs/slowfs.c $(pkg-config --cflags --libs fuse3)
mkdir -p "$work/disk"
chmod 755 "$work/disk" # nginx workers run as an unprivileged user
head -c 1024 /dev/urandom >"$work/disk/hot.bin"
i=1
while [ $i -le "$streams" ]; do
    truncate -s 2G "$work/disk/cold-$i.bin" # sparse on the backing disk: only slowfs's wait costs time
    i=$((i + 1))
done
chmod 644 "$work"/disk/*
# shellcheck disable=SC2086
SLOWFS_BACKING="$work/disk" SLOWFS_READ_MS="$read_ms" $background "$work/slowfs" "$work/www" -o ro,allow_other
cat "$work/www/hot.bin" >/dev/null # the hot file is in memory from here on

lean=$(lean_jvm)
access=
if java --enable-native-access=ALL-UNNAMED -version >/dev/null 2>&1; then access=--enable-native-access=ALL-UNNAMED; fi
# shellcheck disable=SC2086
java $lean $access -jar "$jar" serve "$work/www" --port 18401 --threads 1 --access-log off >"$work/serve.log" 2>&1 &
pids="$pids $!"
start_nginx() { # name port [extra http directives]
    mkdir -p "$work/$1"
    cat >"$work/$1/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/$1/nginx.pid;
error_log $work/$1/error.log;
events { worker_connections 4096; }
${4:-}
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    ${3:-}
    server { listen 127.0.0.1:$2; root $work/www; }
}
CONF
    nginx -c "$work/$1/nginx.conf" -p "$work/$1" >"$work/$1.log" 2>&1 &
    echo "$!" >>"$work/nginx-pids"
    pids="$pids $!"
}
start_nginx nginx-sendfile 18402
start_nginx nginx-aio-threads 18403 "aio threads=disk;" "thread_pool disk threads=4;"
servers="sendfile4j-1:18401 nginx-sendfile:18402 nginx-aio-threads:18403"
for s in $servers; do
    wait_until_serving "${s%:*}" "http://127.0.0.1:${s#*:}/hot.bin"
    wrk -t1 -c4 -d2s "http://127.0.0.1:${s#*:}/hot.bin" >/dev/null 2>&1 # warm-up, not counted
done

hot() { # port -> "p50 p99 max requests/s", latencies in ms
    wrk -t1 -c4 -d"${duration}s" --latency "http://127.0.0.1:$1/hot.bin" >"$work/wrk.out" 2>&1
    p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
    max=$(awk '$1 == "Latency" && NF >= 4 {print $4; exit}' "$work/wrk.out")
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
    echo "$(ms "$p50") $(ms "$p99") $(ms "$max") $rps"
}
: >"$work/results"
r=1
while [ $r -le "$rounds" ]; do
    for s in $servers; do
        name=${s%:*} port=${s#*:}
        echo "$name alone $(hot "$port") $r" >>"$work/results"
        i=1
        while [ $i -le "$streams" ]; do
            dd if="$work/www/cold-$i.bin" iflag=nocache count=0 2>/dev/null # evicted: cold again
            i=$((i + 1))
        done
        i=1
        : >"$work/cold-bytes"
        downloads=
        while [ $i -le "$streams" ]; do
            # One download per stream, cut at the deadline: the bytes it got are its throughput.
            # shellcheck disable=SC2086
            ($background curl -s -o /dev/null --max-time "$duration" -w '%{size_download}\n' \
                "http://127.0.0.1:$port/cold-$i.bin" >>"$work/cold-bytes" || true) &
            downloads="$downloads $!"
            i=$((i + 1))
        done
        sleep 0.5 # the streams are under way before the hot requests start
        echo "$name cold $(hot "$port") $r" >>"$work/results"
        for p in $downloads; do wait "$p" || true; done # not the servers, which are children too
        bytes=$(awk '{s += $1} END {print s + 0}' "$work/cold-bytes")
        echo "$name mbps $(awk -v b="$bytes" -v d="$duration" 'BEGIN {printf "%.1f", b / d / 1048576}') $r" >>"$work/results"
    done
    r=$((r + 1))
done

col() { # name kind field -> median over rounds
    awk -v n="$1" -v k="$2" -v f="$3" '$1 == n && $2 == k {print $(f + 2)}' "$work/results" | median
}
echo "slowfs: every read waits ${read_ms} ms; hot = 1 KiB file in memory, wrk -t1 -c4 ${duration} s; cold = $streams"
echo "curl downloads of distinct 2 GiB files, evicted before each run; medians of $rounds rounds; $(nproc) cores;"
echo "cold downloads and the FUSE daemon at ${load} priority"
echo "$(java -version 2>&1 | head -1); $(nginx -v 2>&1); serve --threads 1 (disk threads: its default)"
echo
echo "| server | hot alone p50 / p99 / max, ms | hot under cold load p50 / p99 / max, ms | p99 under load / alone | cold MiB/s |"
echo "|---|---|---|---|---|"
for s in $servers; do
    n=${s%:*}
    printf '| %s | %s / %s / %s | %s / %s / %s | %.2f | %s |\n' "$n" \
        "$(col "$n" alone 1)" "$(col "$n" alone 2)" "$(col "$n" alone 3)" \
        "$(col "$n" cold 1)" "$(col "$n" cold 2)" "$(col "$n" cold 3)" \
        "$(awk -v a="$(col "$n" cold 2)" -v b="$(col "$n" alone 2)" 'BEGIN {print (b > 0 ? a / b : 0)}')" \
        "$(awk -v n="$n" '$1 == n && $2 == "mbps" {print $3}' "$work/results" | median)"
done
