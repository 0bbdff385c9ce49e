#!/bin/sh
# Builds every jar twice from the committed tree, in two directories, under different umask, time zone and
# locale, and fails unless every jar's SHA-256 is the same in both builds.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
A=$(mktemp -d)
B=$(mktemp -d "${TMPDIR:-/tmp}/sendfile4j repro.XXXXXX") # a space in the path, too
trap 'rm -rf "$A" "$B"' EXIT
git clone -q "$ROOT" "$A/src"
git clone -q "$ROOT" "$B/other-name"
(cd "$A/src" && umask 022 && TZ=UTC LC_ALL=C.UTF-8 ./mvnw -B -q package -DskipTests -pl '!tests,!it')
(cd "$B/other-name" && umask 077 && TZ=Pacific/Chatham LC_ALL=C ./mvnw -B -q package -DskipTests -pl '!tests,!it')
compared=0
differ=0
for jar in $(cd "$A/src" && find . -path '*/target/*.jar' | sort); do
    compared=$((compared + 1))
    a=$(sha256sum "$A/src/$jar" | cut -d' ' -f1)
    b=$(sha256sum "$B/other-name/$jar" 2>/dev/null | cut -d' ' -f1 || true)
    if [ "$a" != "$b" ]; then
        echo "DIFFERS: $jar" >&2
        differ=$((differ + 1))
    fi
done
echo "reproducible: $compared jars compared, $differ differ"
[ "$compared" -gt 0 ] && [ "$differ" -eq 0 ]
