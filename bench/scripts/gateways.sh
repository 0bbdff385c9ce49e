#!/bin/sh
# The JNI gateway against the FFM gateway, per call, beside a C loop and transferTo; prints the gateway tables
# of docs/PERFORMANCE.md. Needs a JDK 22+ (the newest under /usr/lib/jvm, or $JDK).
#   bench/scripts/gateways.sh [RUNS=3] [ROUNDS=7]
# Part 1: `sendfile4j bench` (quick) RUNS times per gateway, jni and ffm alternating, each run with its own C
# loop and transferTo; ratios are taken within a run (FFM / JNI: between adjacent runs, and each against its
# run's C loop), then the median.
# Part 2: JMH GatewayBenchmark with RUNS forks per gateway and the gc profiler (allocation per call).
set -eu
cd "$(dirname "$0")/../.."
runs=${1:-3}
rounds=${2:-7}
. bench/scripts/common.sh
build_jars_if_missing
jdk=${JDK:-$(jdk_at_least 22)}
[ -n "$jdk" ] || { echo "no JDK 22+ under /usr/lib/jvm; set JDK" >&2; exit 1; }
opts="--enable-native-access=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

r=1
while [ $r -le "$runs" ]; do
    for g in jni ffm; do
        # shellcheck disable=SC2086
        "$jdk/bin/java" $opts -Dsendfile4j.gateway=$g -jar "$jar" bench --rounds "$rounds" >"$work/$g-$r.txt"
        grep -q "(gateway: $g " "$work/$g-$r.txt" || { echo "run $r did not use the $g gateway:" >&2; head -1 "$work/$g-$r.txt" >&2; exit 1; }
    done
    r=$((r + 1))
done

# One line per run, gateway, workload and contender, tab-separated: run, gateway, workload, contender, ns.
for f in "$work"/jni-*.txt "$work"/ffm-*.txt; do
    base=$(basename "$f" .txt)
    awk -v g="${base%-*}" -v run="${base#*-}" '
        / ns / && length($0) > 40 {
            w = substr($0, 1, 38); sub(/ +$/, "", w); if (w != "") workload = w
            c = substr($0, 40, 24); sub(/ +$/, "", c)
            v = substr($0, 65, 14); sub(/ ns$/, "", v); sub(/^ +/, "", v)
            print run "\t" g "\t" workload "\t" c "\t" v
        }' "$f"
done >"$work/rows"

value() { # gateway workload contender run
    awk -F '\t' -v g="$1" -v w="$2" -v c="$3" -v run="$4" '$1 == run && $2 == g && $3 == w && $4 == c {print $5}' "$work/rows"
}
words_median() { for x in $1; do echo "$x"; done | median; } # "n1 n2 ...": their median
ratio_median() { # a1 b1 a2 b2 ...: the median of a/b
    i=1
    while [ $i -le "$runs" ]; do
        echo "$1 $2" | awk '{printf "%.4f\n", $1 / $2}'
        shift 2
        i=$((i + 1))
    done | median
}

echo "sendfile4j bench --rounds $rounds, $runs runs per gateway alternating; $("$jdk/bin/java" -version 2>&1 | head -1); $(nproc) cores"
echo
echo "| workload | JNI | FFM | C loop | transferTo | JNI / C | FFM / C | FFM / JNI, adjacent runs | FFM / JNI, each against its run's C | transferTo / JNI | transferTo / FFM |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for workload in "4 KiB file -> /dev/null, per call" "4 KiB file -> loopback socket"; do
    jni= ffm= cj= cf= tj= tf= ratios_n= ratios_fj= ratios_jc= ratios_fc= ratios_tj= ratios_tf=
    r=1
    while [ $r -le "$runs" ]; do
        j=$(value jni "$workload" sendfile4j $r)
        f=$(value ffm "$workload" sendfile4j $r)
        c1=$(value jni "$workload" "C sendfile" $r)
        c2=$(value ffm "$workload" "C sendfile" $r)
        t1=$(value jni "$workload" transferTo $r)
        t2=$(value ffm "$workload" transferTo $r)
        jni="$jni $j" ffm="$ffm $f" cj="$cj $c1" cf="$cf $c2" tj="$tj $t1" tf="$tf $t2"
        ratios_fj="$ratios_fj $f $j" ratios_jc="$ratios_jc $j $c1" ratios_fc="$ratios_fc $f $c2"
        ratios_tj="$ratios_tj $t1 $j" ratios_tf="$ratios_tf $t2 $f"
        ratios_n="$ratios_n $(echo "$f $c2" | awk '{print $1 / $2}') $(echo "$j $c1" | awk '{print $1 / $2}')"
        r=$((r + 1))
    done
    # shellcheck disable=SC2086
    printf '| %s | %s ns | %s ns | %s ns | %s ns | %.2f× | %.2f× | %.2f | %.2f | %.2f× | %.2f× |\n' "$workload" \
        "$(words_median "$jni")" "$(words_median "$ffm")" "$(words_median "$cj $cf")" "$(words_median "$tj $tf")" \
        "$(ratio_median $ratios_jc)" "$(ratio_median $ratios_fc)" "$(ratio_median $ratios_fj)" \
        "$(ratio_median $ratios_n)" "$(ratio_median $ratios_tj)" "$(ratio_median $ratios_tf)"
done
echo
echo "(values: medians over runs; ratios: median over runs of the ratio within a run; FFM / JNI either between the"
echo "adjacent runs, or as (FFM / its run's C loop) / (JNI / its run's C loop), which cancels drift between the runs)"
echo

# shellcheck disable=SC2086
"$jdk/bin/java" -jar "$benchjar" GatewayBenchmark -f "$runs" -prof gc -rf csv -rff "$work/jmh.csv" >"$work/jmh.txt" 2>&1 \
    || { tail -20 "$work/jmh.txt" >&2; exit 1; }
echo "JMH GatewayBenchmark, $runs forks per gateway, -prof gc"
echo
echo "| call | JNI ns/op | FFM ns/op | FFM / JNI | JNI B/op | FFM B/op |"
echo "|---|---|---|---|---|---|"
awk -F, '
    { sub(/\r$/, ""); for (i = 1; i <= NF; i++) gsub(/"/, "", $i) }
    NR > 1 {
        name = $1; sub(/.*GatewayBenchmark\./, "", name); g = $NF
        if (name ~ /:gc\.alloc\.rate\.norm$/) { sub(/:.*/, "", name); alloc[name, g] = $5 }
        else if (name !~ /:/) { score[name, g] = $5; err[name, g] = $6; calls[name] = 1 }
    }
    END {
        for (c in calls)
            printf "| %s | %.1f ± %.1f | %.1f ± %.1f | %.2f | %.3f | %.3f |\n", c, score[c, "jni"], err[c, "jni"],
                score[c, "ffm"], err[c, "ffm"], score[c, "ffm"] / score[c, "jni"], alloc[c, "jni"], alloc[c, "ffm"]
    }' "$work/jmh.csv" | sort
