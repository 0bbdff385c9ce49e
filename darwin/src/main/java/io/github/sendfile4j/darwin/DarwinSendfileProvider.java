package io.github.sendfile4j.darwin;

import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.SendOptions;
import io.github.sendfile4j.spi.Platform;
import io.github.sendfile4j.unix.BsdFamilyProvider;

/**
 * macOS 10.12+ (x86_64) and 11+ (arm64), one universal library. XNU gets neither headers nor trailers:
 * it writes headers with writev and goes on to the file even when that write was short (uipc_syscalls.c,
 * sendfile: {@code sbytes += writev_retval} with no check), so a signal or a nearly full socket would put
 * file bytes where header bytes belong; it skips trailers after a short file part; and it counts headers
 * inside {@code len}. Java writes headers before and trailers after the file; the kernel sends file bytes
 * only. macOS's sendfile copies into mbufs anyway (it is not zero-copy), so the extra writes cost little.
 * No flag is supported: the kernel accepts none.
 */
public final class DarwinSendfileProvider extends BsdFamilyProvider {
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
        // SF_MNOWAIT has no effect on FreeBSD 11+, so it has none here either; XNU's sendfile takes no flags,
        // and nothing else it does could stand for the others faithfully.
        return flag == SendFlag.SF_MNOWAIT;
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
