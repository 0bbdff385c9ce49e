#!/bin/sh
# Tail latency at 16 connections on a 1 KiB file: `serve --threads 1` (the launcher's lean JVM, and plain
# `java -jar`) against nginx with one worker, measured two ways, ROUNDS rounds each, servers in turn:
#   shared: the servers and wrk (-t2) on every core, as serve-vs-nginx.sh runs them;
#   pinned: the servers on core 0 (taskset), wrk -t1 on core 1, so that the server and the load generator do
#           not take the CPU from each other: on a 2-core machine a faster server otherwise slows wrk, and wrk's
#           own waits are counted as the server's latency.
# Medians of p50, p99 and requests/s; p99 per round as a ratio to nginx's.
#   bench/scripts/tail-latency.sh [DURATION=5] [ROUNDS=5]
set -eu
cd "$(dirname "$0")/../.."
duration=${1:-5}
rounds=${2:-5}
. bench/scripts/common.sh
build_jars_if_missing
for tool in wrk nginx taskset; do
    command -v $tool >/dev/null 2>&1 || { echo "needs $tool (apt-get install wrk nginx-light util-linux)" >&2; exit 1; }
done
[ "$(nproc)" -ge 2 ] || { echo "needs 2 cores to pin server and client apart" >&2; exit 1; }
start_work
head -c 1024 /dev/urandom >"$work/www/1k.bin"
chmod 644 "$work/www/1k.bin"
lean=$(lean_jvm)
write_nginx_conf 18863
start() { # cpu-list port command...: every server starts on all cores; pinned runs move it to core 0
    cpus=$1 port=$2
    shift 2
    taskset -c "$cpus" "$@" >"$work/$port.log" 2>&1 &
    pids="$pids $!"
    echo "$!" >"$work/$port.pid"
}
all=0-$(($(nproc) - 1))
# shellcheck disable=SC2086
start "$all" 18861 java $lean -jar "$jar" serve "$work/www" --port 18861 --threads 1 --access-log off
start "$all" 18862 java -jar "$jar" serve "$work/www" --port 18862 --threads 1 --access-log off
start "$all" 18863 nginx -c "$work/nginx.conf" -p "$work"
servers="serve-lean:18861 serve-java-jar:18862 nginx-1:18863"
for s in $servers; do
    wait_until_serving "${s%:*}" "http://127.0.0.1:${s#*:}/1k.bin"
    wrk -t2 -c16 -d5s "http://127.0.0.1:${s#*:}/1k.bin" >/dev/null # warm-up (the JIT), not counted
done
pin() { # port cpu-list: every thread of the server (nginx: master and worker)
    p=$(cat "$work/$1.pid")
    for q in $p $(pgrep -P "$p" || true); do taskset -a -p -c "$2" "$q" >/dev/null; done
}
: >"$work/results"
for mode in shared pinned; do
    for s in $servers; do pin "${s#*:}" "$([ $mode = pinned ] && echo 0 || echo "$all")"; done
    r=1
    while [ $r -le "$rounds" ]; do
        for s in $servers; do
            if [ $mode = pinned ]; then
                taskset -c 1 wrk -t1 -c16 -d"${duration}s" --latency "http://127.0.0.1:${s#*:}/1k.bin" >"$work/wrk.out"
            else
                wrk -t2 -c16 -d"${duration}s" --latency "http://127.0.0.1:${s#*:}/1k.bin" >"$work/wrk.out"
            fi
            echo "$mode ${s%:*} $r $(ms "$(awk '$1 == "50%" {print $2}' "$work/wrk.out")")" \
                "$(ms "$(awk '$1 == "99%" {print $2}' "$work/wrk.out")")" \
                "$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")" >>"$work/results"
        done
        r=$((r + 1))
    done
done
col() { awk -v m="$1" -v n="$2" -v f="$3" '$1 == m && $2 == n {print $f}' "$work/results" | median; }
p99ratio() { # mode name -> "median (min-max)" of the per-round p99 / nginx-1's p99
    awk -v m="$1" -v n="$2" '$1 == m && $2 == n {x[$3] = $5} $1 == m && $2 == "nginx-1" {y[$3] = $5}
        END {for (r in x) if (y[r] > 0) print x[r] / y[r]}' "$work/results" | sort -n >"$work/ratios"
    printf '%.2f (%.2f-%.2f)' "$(median <"$work/ratios")" "$(head -1 "$work/ratios")" "$(tail -1 "$work/ratios")"
}
echo "1 KiB file, 16 connections, ${duration} s per run, medians of $rounds rounds; $(nproc) cores; $(java -version 2>&1 | head -1); $(nginx -v 2>&1)"
echo
echo "| load | server | p50 ms | p99 ms | requests/s | p99 / nginx-1's, per round: median (range) |"
echo "|---|---|---|---|---|---|"
for mode in shared pinned; do
    for s in $servers; do
        n=${s%:*}
        printf '| %s | %s | %s | %s | %.0f | %s |\n' "$mode" "$n" "$(col $mode "$n" 4)" "$(col $mode "$n" 5)" \
            "$(col $mode "$n" 6)" "$(p99ratio $mode "$n")"
    done
done
