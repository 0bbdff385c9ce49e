package io.github.sendfile4j.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decisions {@link Kernel} makes about raw results, once for every gateway. */
class KernelTest {
    private static final ErrnoTable ERRNO = errnos();
    private static final long EINTR = -4;
    private static final long EAGAIN = -11;
    private static final long ENOTSOCK = -88;
    private static final long EBADF = -9;
    /** The scripted gateway never reads the vectors (building real ones needs the native library on JDK 8-21). */
    private static final IoVectors NO_VECTORS = null;

    private static ErrnoTable errnos() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("EBADF", 9);
        m.put("EINTR", 4);
        m.put("EAGAIN", 11);
        m.put("EINVAL", 22);
        m.put("ENOTSOCK", 88);
        return new ErrnoTable(m);
    }

    @Test
    void aGatheringWriteInterruptedBeforeAnyByteIsMadeAgain() {
        ScriptedCalls c = new ScriptedCalls().then(EINTR).then(EINTR).then(7);
        assertEquals(7, new Kernel(c, ERRNO).gatherWrite(3, NO_VECTORS, 0x4000));
        assertEquals(Arrays.asList("sendmsg", "sendmsg", "sendmsg"), c.calls);
    }

    @Test
    void aDescriptorThatIsNoSocketGetsTheSameBytesAsAWritev() {
        ScriptedCalls c = new ScriptedCalls().then(ENOTSOCK).then(EINTR).then(5);
        assertEquals(5, new Kernel(c, ERRNO).gatherWrite(3, NO_VECTORS, 0x4000));
        assertEquals(Arrays.asList("sendmsg", "writev", "writev"), c.calls);
    }

    @Test
    void withoutFlagsItIsAWritevAndOtherErrorsAreReturnedAsTheyAre() {
        ScriptedCalls c = new ScriptedCalls().then(EAGAIN).then(EBADF);
        Kernel k = new Kernel(c, ERRNO);
        assertEquals(EAGAIN, k.gatherWrite(3, NO_VECTORS, 0));
        assertEquals(EBADF, k.gatherWrite(3, NO_VECTORS, 0x4000));
        assertEquals(Arrays.asList("writev", "sendmsg"), c.calls);
    }

    @Test
    void closeIsNeverMadeAgain() {
        // After EINTR the number is released; a second close could close another thread's new descriptor.
        ScriptedCalls c = new ScriptedCalls().then(EINTR);
        assertEquals(EINTR, new Kernel(c, ERRNO).close(5));
        assertEquals(Arrays.asList("close"), c.calls);
    }

    @Test
    void anInterruptedPollIsATimeoutSoTheCallerLooksAtItsOwnStateAgain() {
        ScriptedCalls c = new ScriptedCalls().then(EINTR).then(1).then(EBADF);
        Kernel k = new Kernel(c, ERRNO);
        assertEquals(0, k.pollWritable(5, 50));
        assertEquals(1, k.pollWritable(5, 50));
        assertEquals(EBADF, k.pollWritable(5, 50));
    }

    @Test
    void setFlIsMadeAgainAfterEintr() {
        ScriptedCalls c = new ScriptedCalls().then(EINTR).then(0);
        assertEquals(0, new Kernel(c, ERRNO).setFl(5, 0x800));
        assertEquals(2, c.calls.size());
    }

    @Test
    void namedErrorSetsMatchByNameOnThePlatformsNumbers() {
        Kernel k = new Kernel(new ScriptedCalls(), ERRNO);
        ErrnoNames set = ErrnoNames.of("EINVAL", "ENOTSOCK");
        assertTrue(k.isError(-22, set));
        assertTrue(k.isError(ENOTSOCK, set));
        assertFalse(k.isError(EAGAIN, set));
        assertFalse(k.isError(22, set));
    }
}
