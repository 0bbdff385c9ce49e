#!/bin/sh
# Runs the contract suite in a real arm64 JVM under qemu-user, against the linux-aarch64 library.
# The arm64 JRE and its libraries are downloaded from Debian and unpacked with dpkg -x, never installed.
# One JVM runs every test (the JUnit console launcher): a JVM under qemu-user cannot fork a test worker.
#
#   tests/aarch64/run.sh        after ./mvnw verify (needs the built jars and test classes)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/sendfile4j-ci
R=$CACHE/arm64-root
JAVA=$R/usr/lib/jvm/java-17-openjdk-arm64/bin/java

command -v qemu-aarch64 >/dev/null || { echo "aarch64: qemu-aarch64 missing: apt-get install qemu-user" >&2; exit 1; }
if [ ! -x "$JAVA" ]; then
    echo "aarch64: fetching Debian's arm64 openjdk-17-jre-headless into $R"
    mkdir -p "$CACHE/debs" "$R"
    added=
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        dpkg --add-architecture arm64
        added=1
    fi
    apt-get update -qq
    (cd "$CACHE/debs" && apt-get download -qq openjdk-17-jre-headless:arm64 libc6:arm64 libstdc++6:arm64 \
        libgcc-s1:arm64 zlib1g:arm64)
    if [ -n "$added" ]; then
        dpkg --remove-architecture arm64
        apt-get update -qq
    fi
    for d in "$CACHE"/debs/*.deb; do dpkg -x "$d" "$R"; done
fi

M2=${MAVEN_REPO:-$HOME/.m2/repository}
CONSOLE=$M2/org/junit/platform/junit-platform-console-standalone/1.14.1/junit-platform-console-standalone-1.14.1.jar
if [ ! -f "$CONSOLE" ]; then
    "$ROOT/mvnw" -q -B dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1
fi
V=$(sed -n 's/^version=//p' "$ROOT/api/target/classes/io/github/sendfile4j/sendfile4j.properties")
CP=$ROOT/tests/target/test-classes
for m in api fallback unix linux linux-aarch64 darwin freebsd; do
    CP=$CP:$ROOT/$m/target/sendfile4j-$m-$V.jar
done

start=$(date +%s)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# From the tests module, as Maven runs them: some tests read the sources (../native/src) relative to it.
cd "$ROOT/tests"
qemu-aarch64 -L "$R" "$JAVA" -Xcheck:jni -Djava.io.tmpdir="$WORK" -Dsendfile4j.expectedProvider=linux \
    -jar "$CONSOLE" execute --disable-banner --details=summary --fail-if-no-tests -cp "$CP" \
    --select-class io.github.sendfile4j.tests.SendfileContractTest \
    --select-class io.github.sendfile4j.tests.MustLoadTest \
    --select-class io.github.sendfile4j.tests.PlatformConstantsTest \
    --select-method io.github.sendfile4j.tests.LinuxConstantsTest#perCallCapFollowsThePageSize \
    --select-method io.github.sendfile4j.tests.LargeFileTest#oneRawCallStopsAtTheKernelCapAndSaysSo \
    --config=junit.platform.output.capture.stdout=true 2>&1 | tee "$WORK/out.txt"
echo "aarch64: suite took $(( $(date +%s) - start )) s under qemu-user on" \
    "$(qemu-aarch64 -L "$R" "$JAVA" -XshowSettings:properties -version 2>&1 | grep -E 'os.arch|java.vm.version' | tr -s ' ' | tr '\n' ' ')"
grep -qE "^\[ +0 tests failed" "$WORK/out.txt" && grep -qE "^\[ +[1-9][0-9]* tests successful" "$WORK/out.txt"
