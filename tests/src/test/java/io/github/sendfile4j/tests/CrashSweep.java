package io.github.sendfile4j.tests;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Child-JVM main: calls every public method of every public class in the library's packages (static ones,
 * and instance ones on every instance a public no-argument constructor gives) with null, zero, minus one,
 * extremes and wrong-kind arguments. Any exception is fine; a JVM crash is not (the parent sees the exit
 * status). Prints {@code calls=N classes=M} and exits 0 when it got through. A watchdog ends a call that
 * hangs, naming it.
 */
public final class CrashSweep {
    static volatile String current = "";

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(90_000);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("HUNG in " + current);
            Runtime.getRuntime().halt(3);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        TreeSet<String> classes = new TreeSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !new File(entry).getName().startsWith("sendfile4j-")) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                    String n = e.nextElement().getName();
                    if (n.startsWith("io/github/sendfile4j/") && n.endsWith(".class") && !n.contains("module-info")) {
                        classes.add(n.substring(0, n.length() - 6).replace('/', '.'));
                    }
                }
            }
        }
        long calls = 0;
        int swept = 0;
        for (String name : classes) {
            Class<?> c;
            try {
                c = Class.forName(name);
            } catch (Throwable t) {
                continue;
            }
            if (!Modifier.isPublic(c.getModifiers()) || c.isInterface() || c.isAnnotation()) {
                continue;
            }
            swept++;
            List<Object> receivers = new ArrayList<>();
            for (Constructor<?> k : c.getConstructors()) {
                if (k.getParameterCount() == 0) {
                    try {
                        receivers.add(k.newInstance());
                    } catch (Throwable t) {
                        // a constructor that refuses is fine
                    }
                }
            }
            for (Method m : c.getMethods()) {
                if (m.getDeclaringClass() == Object.class || m.getDeclaringClass().getName().startsWith("java.")) {
                    continue;
                }
                boolean isStatic = Modifier.isStatic(m.getModifiers());
                for (int variant = 0; variant < 4; variant++) {
                    Object[] a = arguments(m.getParameterTypes(), variant);
                    for (Object receiver : isStatic ? new Object[] {null} : receivers.toArray()) {
                        current = c.getName() + "." + m.getName() + " variant " + variant;
                        try {
                            m.invoke(receiver, a);
                        } catch (InvocationTargetException | IllegalArgumentException expected) {
                            // any exception is an acceptable answer to garbage
                        }
                        calls++;
                    }
                }
            }
        }
        System.out.println("calls=" + calls + " classes=" + swept);
        System.exit(0);
    }

    static Object[] arguments(Class<?>[] types, int variant) {
        Object[] a = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            a[i] = value(types[i], variant);
        }
        return a;
    }

    static Object value(Class<?> t, int variant) {
        if (t == int.class) {
            return new int[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}[variant];
        }
        if (t == long.class) {
            return new long[] {0, -1, Long.MAX_VALUE, Long.MIN_VALUE}[variant];
        }
        if (t == boolean.class) {
            return variant % 2 == 1;
        }
        if (t == short.class || t == byte.class || t == char.class || t == float.class || t == double.class) {
            return t == short.class ? (short) -1 : t == byte.class ? (byte) -1 : t == char.class ? (char) 0
                    : t == float.class ? -1f : -1d;
        }
        if (variant == 0) {
            return null;
        }
        if (t == String.class) {
            return variant == 1 ? "" : "\u0000/../garbage";
        }
        if (t.isAssignableFrom(ByteBuffer.class)) {
            return variant == 1 ? ByteBuffer.allocate(0) : variant == 2 ? ByteBuffer.allocate(3) : ByteBuffer.allocateDirect(3);
        }
        if (t.isArray() && t.getComponentType().isAssignableFrom(ByteBuffer.class)) {
            Object arr = java.lang.reflect.Array.newInstance(t.getComponentType(), variant == 1 ? 0 : 2);
            if (variant > 1) {
                java.lang.reflect.Array.set(arr, 0, ByteBuffer.allocateDirect(1));
            }
            return arr;
        }
        if (t == Object.class) {
            return variant == 1 ? new Object() : variant == 2 ? "not a descriptor" : new java.io.FileDescriptor();
        }
        if (t == java.io.FileDescriptor.class) {
            return new java.io.FileDescriptor();
        }
        return null;
    }
}
