package io.github.sendfile4j.freebsd;

import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.SendOptions;
import io.github.sendfile4j.unix.BsdFamilyProvider;

/**
 * FreeBSD 13+ (amd64, arm64): one {@code sendfile(2)} call carries the headers and the file
 * ({@code sf_hdtr}; {@code nbytes} counts file bytes only) and every SF_* flag natively. Trailers are
 * written after the file by Java (see {@link BsdFamilyProvider}).
 */
public final class FreeBsdSendfileProvider extends BsdFamilyProvider {
    /** Cheap: loads nothing. */
    public FreeBsdSendfileProvider() {
        super("freebsd", "freebsd", list("x86_64", "aarch_64"), FreeBsdConstants.ERRNO, FreeBsdConstants.O_NONBLOCK,
                FreeBsdConstants.O_APPEND);
    }

    @Override
    public boolean supports(SendFlag flag) {
        return true;
    }

    @Override
    protected int separateWriteFlags() {
        return FreeBsdConstants.MSG_NOSIGNAL;
    }

    @Override
    protected boolean kernelSendsHeaders() {
        return true;
    }

    @Override
    protected long kernelCount(long fileBytes, long headerBytes) {
        return fileBytes >= PER_CALL_CAP ? 0 : fileBytes;
    }

    @Override
    protected int kernelFlags(SendOptions options) {
        int bits = 0;
        for (SendFlag f : options.flags()) {
            bits |= FreeBsdConstants.valueOf(f);
        }
        return FreeBsdConstants.sfFlags(options.readaheadPages(), bits);
    }
}
