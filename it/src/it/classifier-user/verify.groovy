// The user's build resolved the platform's classifier jar and never saw an unresolved ${os.detected.*}.
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
assert log.contains('provider: linux')
def repo = new File(basedir, '../../it-repo/io/github/sendfile4j')
repo.eachFileRecurse { f ->
    if (f.name.endsWith('.pom')) {
        assert !f.text.contains('${os.detected.'): "installed pom contains \${os.detected.}: $f"
    }
}
// The jar the user's build used must be the one this build made, never a copy fetched from the developer's
// repository: that one may be stale and would test old code.
def built = new File(basedir, '../../../../native-jar/target/sendfile4j-native-' + sendfile4jVersion + '-linux-x86_64.jar')
def used = new File(repo, 'sendfile4j-native/' + sendfile4jVersion + '/sendfile4j-native-' + sendfile4jVersion + '-linux-x86_64.jar')
assert used.bytes == built.bytes: "$used is not $built"
return true
