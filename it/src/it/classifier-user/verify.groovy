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
return true
