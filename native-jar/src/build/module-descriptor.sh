#!/bin/sh
# Gives a staged sendfile4j-native directory a real module descriptor, io.github.sendfile4j.natives, so that
# on the module path it requires io.github.sendfile4j.unix itself: as an automatic module it could not, and
# a plain `java -p ... -m app` failed with NoClassDefFoundError and fell back silently.
#
#   module-descriptor.sh JAVAC MODULE_PATH DIR PLATFORM...     PLATFORM: linux, darwin, freebsd
set -eu
javac=$1 modulepath=$2 dir=$3
shift 3
providers= exports=
for platform in "$@"; do
    case $platform in
        linux) class=io.github.sendfile4j.linux.LinuxSendfileProvider ;;
        darwin) class=io.github.sendfile4j.darwin.DarwinSendfileProvider ;;
        freebsd) class=io.github.sendfile4j.freebsd.FreeBsdSendfileProvider ;;
        *) echo "module-descriptor.sh: unknown platform $platform" >&2; exit 2 ;;
    esac
    providers="$providers${providers:+, }$class"
    exports="$exports    exports io.github.sendfile4j.$platform;
"
done
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
cat >"$src/module-info.java" <<JAVA
/** sendfile4j's native providers and libraries for: $*. */
module io.github.sendfile4j.natives {
    requires transitive io.github.sendfile4j.unix;

$exports
    provides io.github.sendfile4j.spi.SendfileProvider with $providers;
}
JAVA
"$javac" --release 9 -nowarn -d "$dir" --module-path "$modulepath" \
    --patch-module io.github.sendfile4j.natives="$dir" "$src/module-info.java"
