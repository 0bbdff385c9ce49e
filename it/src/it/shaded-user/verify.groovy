// The fat jar, run as users run it: the native provider serves, and nothing says otherwise.
def jar = new File(basedir, 'target/shaded-user-1.0.jar')
assert jar.isFile()
def java = new File(System.getProperty('java.home'), 'bin/java').path
def p = [java, '-jar', jar.path].execute()
def out = new StringBuilder(), err = new StringBuilder()
p.waitForProcessOutput(out, err)
assert p.exitValue() == 0: "$out $err"
assert out.toString().contains('provider=linux copied=123456'): "$out $err"
assert !err.toString().contains('pure-Java fallback'): "$err"
return true
