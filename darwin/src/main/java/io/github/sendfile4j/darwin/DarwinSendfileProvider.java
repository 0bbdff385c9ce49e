package io.github.sendfile4j.darwin;

import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.SendOptions;
import io.github.sendfile4j.spi.Platform;
import io.github.sendfile4j.unix.BsdFamilyProvider;
import io.github.sendfile4j.unix.ErrnoNames;
import java.io.IOException;

/**
 * macOS 10.12+ (x86_64) and 11+ (arm64), one universal library. XNU gets neither headers nor trailers:
 * it writes headers with writev and goes on to the file even when that write was short (uipc_syscalls.c,
 * sendfile: {@code sbytes += writev_retval} with no check), so a signal or a nearly full socket would put
 * file bytes where header bytes belong; it skips trailers after a short file part; and it counts headers
 * inside {@code len}. Java writes headers before and trailers after the file; the kernel sends file bytes
 * only. macOS's sendfile copies into mbufs anyway (it is not zero-copy), so the extra writes cost little.
 * The kernel takes no flag. Java honours two with FreeBSD's meaning: {@code SF_MNOWAIT}, which has no effect
 * on FreeBSD 11+ either, and {@code SF_SYNC}: the call returns once the socket's send buffer is empty
 * ({@code SO_NWRITE} 0: TCP keeps bytes there until the peer acknowledges them), interruptible. The others
 * have nothing in XNU that could stand for them faithfully, and are refused.
 */
public final class DarwinSendfileProvider extends BsdFamilyProvider {
    /** getsockopt on a descriptor that is no socket (bsd/kern/uipc_syscalls.c, file_socket). */
    private static final ErrnoNames NOT_A_SOCKET = ErrnoNames.of("ENOTSOCK");

    /** Cheap: loads nothing. */
    public DarwinSendfileProvider() {
        super("darwin", "osx", list("x86_64", "aarch_64"), DarwinConstants.ERRNO, DarwinConstants.O_NONBLOCK,
                DarwinConstants.O_APPEND);
    }

    @Override
    protected String resourceDirectory(Platform platform) {
        return "osx-universal";
    }

    @Override
    public boolean supports(SendFlag flag) {
        return flag == SendFlag.SF_MNOWAIT || flag == SendFlag.SF_SYNC;
    }

    @Override
    protected void sent(int outFd, long total, SendOptions options) throws IOException {
        if (total > 0 && options.flags().contains(SendFlag.SF_SYNC)) {
            awaitAcknowledged(outFd, total, "getsockopt(SO_NWRITE)",
                    fd -> kernel().getIntSockopt(fd, DarwinConstants.SOL_SOCKET, DarwinConstants.SO_NWRITE),
                    NOT_A_SOCKET);
        }
    }

    @Override
    protected int separateWriteFlags() {
        return 0;
    }

    @Override
    protected boolean kernelSendsHeaders() {
        return false;
    }

    @Override
    protected long kernelCount(long fileBytes, long headerBytes) {
        return fileBytes >= PER_CALL_CAP ? 0 : fileBytes + headerBytes; // headerBytes is 0: none are passed
    }

    @Override
    protected int kernelFlags(SendOptions options) {
        return 0;
    }
}
