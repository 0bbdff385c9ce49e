package io.github.sendfile4j.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detection at PARANOID, with every leak it reports kept here so that a test can assert there were
 * none. Installed before the first buffer is made (the detectors are made when Netty's buffer classes load).
 */
final class Leaks {
    static final List<String> REPORTED = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private Leaks() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            @SuppressWarnings("deprecation")
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                    long maxActive) {
                return new ResourceLeakDetector<T>(resource, samplingInterval) {
                    @Override
                    protected void reportTracedLeak(String type, String records) {
                        REPORTED.add(type + records);
                        super.reportTracedLeak(type, records);
                    }

                    @Override
                    protected void reportUntracedLeak(String type) {
                        REPORTED.add(type);
                        super.reportUntracedLeak(type);
                    }
                };
            }
        });
    }

    /**
     * Fails unless Netty reported no leak, once the garbage collector has seen every unreachable buffer; says
     * how many it counted.
     *
     * @param what the tests the check covers, for the printed line
     */
    static void assertNoneReported(String what) throws InterruptedException {
        List<String> leaks = collect();
        System.out.println("[netty leaks] " + what + "PARANOID: " + leaks.size() + " leaks reported");
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported leaks: " + leaks);
        }
    }

    /** @return the leaks reported once the garbage collector has seen every unreachable buffer */
    static List<String> collect() throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            System.gc();
            Thread.sleep(100);
            // The detector reports what the collector queued when the next buffer is tracked.
            for (int i = 0; i < 100; i++) {
                ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                b.release();
            }
        }
        return REPORTED;
    }
}
