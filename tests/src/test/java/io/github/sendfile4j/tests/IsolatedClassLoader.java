package io.github.sendfile4j.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Gives a kernel model classes of its own for the native packages: a JNI library binds to the class loader of
 * the class that loads it, and the models register their natives on the same {@code NativeIo} class as the
 * Linux library, so each needs its own copy of that class. Everything else (the API, the SPI, the fallback,
 * JUnit) is the parent's, so the provider made here is a {@code SendfileProvider} of the test's own.
 */
final class IsolatedClassLoader extends ClassLoader {
    private final String[] ownPackages;

    IsolatedClassLoader(String... ownPackages) {
        super(IsolatedClassLoader.class.getClassLoader());
        this.ownPackages = ownPackages.clone();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!owned(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] bytes = classBytes(name);
                c = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private boolean owned(String name) {
        for (String p : ownPackages) {
            if (name.startsWith(p + ".") && name.indexOf('.', p.length() + 1) < 0) {
                return true;
            }
        }
        return false;
    }

    private byte[] classBytes(String name) throws ClassNotFoundException {
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
