package io.github.sendfile4j.darwin;

import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.SendOptions;
import io.github.sendfile4j.spi.Platform;
import io.github.sendfile4j.unix.BsdFamilyProvider;

/**
 * macOS 10.12+ (x86_64) and 11+ (arm64), one universal library. The kernel counts headers inside its
 * {@code len}, so the header bytes are added to a non-zero file count; trailers are written by Java once
 * the file part is complete, because XNU drops them after a short write and mis-sends the file when both
 * headers and trailers are given. No flag is supported: the kernel accepts none.
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
        return false;
    }

    @Override
    protected int separateWriteFlags() {
        return 0;
    }

    @Override
    protected boolean kernelSendsTrailers() {
        return false;
    }

    @Override
    protected long kernelCount(long fileBytes, long headerBytes) {
        return fileBytes >= 1L << 62 ? 0 : fileBytes + headerBytes;
    }

    @Override
    protected int kernelFlags(SendOptions options) {
        return 0;
    }
}
