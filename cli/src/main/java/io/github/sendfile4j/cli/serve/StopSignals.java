package io.github.sendfile4j.cli.serve;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C and SIGTERM as an operator means them: the first asks for a graceful stop, a second exits at once
 * (status 128 + the signal's number, as a shell reports a process killed by it). Through
 * {@code sun.misc.Signal} (module jdk.unsupported, in every JDK from 8 on), reached reflectively since this
 * code compiles for Java 8's public API; where it is missing, the JVM's own handling stays, and the shutdown
 * hook stops the server at once.
 */
final class StopSignals {
    private StopSignals() {
    }

    /**
     * @param gracefulStop what the first signal runs, on the JVM's signal thread
     * @return whether the handlers are installed
     */
    static boolean install(Runnable gracefulStop) {
        AtomicInteger received = new AtomicInteger();
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method number = signalClass.getMethod("getNumber");
            Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> {
                        if (!method.getName().equals("handle")) {
                            return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                                    : method.getName().equals("equals") ? proxy == args[0] : "StopSignals";
                        }
                        if (received.getAndIncrement() == 0) {
                            gracefulStop.run();
                        } else {
                            Runtime.getRuntime().halt(128 + (Integer) number.invoke(args[0]));
                        }
                        return null;
                    });
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            for (String name : new String[] {"INT", "TERM"}) {
                handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
            }
            return true;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false; // no signal API here (or a signal is taken): the shutdown hook ends the server at once
        }
    }
}
