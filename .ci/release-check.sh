#!/bin/sh
# The release build, proven without publishing: a throwaway OpenPGP key in a private keyring signs every
# artifact, the Central Portal plugin builds its bundle (upload skipped), and every published module must
# be there with jar + pom + sources + javadoc, each with its .asc and checksums, signatures verified.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'gpgconf --homedir "$WORK/gnupg" --kill all 2>/dev/null || true; rm -rf "$WORK"' EXIT
export GNUPGHOME="$WORK/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
    --quick-generate-key 'sendfile4j release check <release-check@invalid>' ed25519 sign 1d
git clone -q "$ROOT" "$WORK/src"
# As a release: the Central plugin sends snapshots straight to its snapshot repository, releases to a bundle.
V=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$ROOT/pom.xml" | head -1)
V=${V%-SNAPSHOT}
find "$WORK/src" -name pom.xml -exec sed -i "s|<version>$V-SNAPSHOT</version>|<version>$V</version>|" {} +
# The plugin wants the server's credentials even when it will not upload: dummy ones, in global settings so
# that the user's own settings still apply.
cat >"$WORK/settings.xml" <<'XML'
<settings><servers><server><id>central</id><username>none</username><password>none</password></server></servers></settings>
XML
(cd "$WORK/src" && ./mvnw -B -q -gs "$WORK/settings.xml" -P release -DskipTests -DskipITs -Dinvoker.skip=true \
    -DskipUpload=true -Dgpg.passphrase= deploy)
bundle=$(find "$WORK/src" -name central-bundle.zip | head -1)
[ -n "$bundle" ] || { echo "release-check: no central bundle was built" >&2; exit 1; }
mkdir "$WORK/repo"
(cd "$WORK/repo" && unzip -q "$bundle")
status=0
check() { # file
    for suffix in "" .asc .md5 .sha1; do
        [ -f "$1$suffix" ] || { echo "MISSING: ${1#$WORK/repo/}$suffix" >&2; status=1; }
    done
    [ ! -f "$1.asc" ] || gpg --batch --quiet --verify "$1.asc" "$1" 2>/dev/null \
        || { echo "BAD SIGNATURE: ${1#$WORK/repo/}" >&2; status=1; }
}
rows=0
for a in api fallback unix linux linux-x86_64 linux-aarch64 darwin freebsd native netty cli; do
    d="$WORK/repo/io/github/sendfile4j/sendfile4j-$a/$V"
    for kind in .jar .pom -sources.jar -javadoc.jar; do
        check "$d/sendfile4j-$a-$V$kind"
    done
    rows=$((rows + 1))
    printf '%-28s jar pom sources javadoc, each with .asc .md5 .sha1\n' "sendfile4j-$a"
done
for c in linux-x86_64 linux-aarch_64 osx-x86_64 osx-aarch_64 freebsd-x86_64 freebsd-aarch_64; do
    check "$WORK/repo/io/github/sendfile4j/sendfile4j-native/$V/sendfile4j-native-$V-$c.jar"
    printf '%-28s classifier %s jar, .asc .md5 .sha1\n' "sendfile4j-native" "$c"
done
check "$WORK/repo/io/github/sendfile4j/sendfile4j-cli/$V/sendfile4j-cli-$V-all.jar"
check "$WORK/repo/io/github/sendfile4j/sendfile4j-cli/$V/sendfile4j-cli-$V-launcher.sh"
check "$WORK/repo/io/github/sendfile4j/sendfile4j-cli/$V/sendfile4j-cli-$V-man.1"
printf '%-28s the executable jar (all), its launcher, the man page, .asc .md5 .sha1\n' "sendfile4j-cli"
for p in parent bom; do
    check "$WORK/repo/io/github/sendfile4j/sendfile4j-$p/$V/sendfile4j-$p-$V.pom"
    printf '%-28s pom, .asc .md5 .sha1\n' "sendfile4j-$p"
done
for skipped in tests bench it netty-on-netty-4.2; do
    [ ! -d "$WORK/repo/io/github/sendfile4j/sendfile4j-$skipped" ] || { echo "PUBLISHED BY MISTAKE: $skipped" >&2; status=1; }
done
echo "release-check: $(find "$WORK/repo" -type f | wc -l) files in the bundle; $rows modules with jar, pom, sources and javadoc"
exit $status
