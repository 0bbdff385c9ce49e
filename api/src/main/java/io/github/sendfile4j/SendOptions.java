package io.github.sendfile4j;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Headers, trailers and flags of one {@link Sendfile#sendfile(int, int, long, long, SendOptions)} call.
 * Immutable: the buffer arrays are copied, the buffers themselves are shared, and their positions advance
 * by what each call consumed, as with {@link java.nio.channels.GatheringByteChannel#write(ByteBuffer[])}.
 * One instance can therefore be passed again after a partial result to send what is left.
 */
public final class SendOptions {
    // Before NONE: static fields initialise in text order, and NONE's builder reads this one.
    private static final ByteBuffer[] NO_BUFFERS = new ByteBuffer[0];

    /** No headers, no trailers, no flags. */
    public static final SendOptions NONE = builder().build();

    /** The largest readahead FreeBSD can encode (16 bits above the flags). */
    public static final int MAX_READAHEAD_PAGES = 0xffff;

    private final ByteBuffer[] headers;
    private final ByteBuffer[] trailers;
    private final Set<SendFlag> flags;
    private final int readaheadPages;

    private SendOptions(Builder b) {
        this.headers = b.headers;
        this.trailers = b.trailers;
        this.flags = Collections.unmodifiableSet(EnumSet.copyOf(b.flags));
        this.readaheadPages = b.readaheadPages;
    }

    /** @return a builder with no headers, trailers or flags */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a copy of the header buffer array (the buffers are shared) */
    public ByteBuffer[] headers() {
        return headers.clone();
    }

    /** @return a copy of the trailer buffer array (the buffers are shared) */
    public ByteBuffer[] trailers() {
        return trailers.clone();
    }

    /** @return the flags, unmodifiable */
    public Set<SendFlag> flags() {
        return flags;
    }

    /** @return the FreeBSD readahead in pages, {@code 0} for the kernel's default */
    public int readaheadPages() {
        return readaheadPages;
    }

    /** @return the number of header buffers (allocation-free access for providers) */
    public int headerCount() {
        return headers.length;
    }

    /**
     * @param index {@code 0 <= index < headerCount()}
     * @return the header buffer at {@code index}
     */
    public ByteBuffer header(int index) {
        return headers[index];
    }

    /** @return the number of trailer buffers */
    public int trailerCount() {
        return trailers.length;
    }

    /**
     * @param index {@code 0 <= index < trailerCount()}
     * @return the trailer buffer at {@code index}
     */
    public ByteBuffer trailer(int index) {
        return trailers[index];
    }

    /** @return bytes remaining in all header buffers */
    public long headerBytes() {
        return remaining(headers);
    }

    /** @return bytes remaining in all trailer buffers */
    public long trailerBytes() {
        return remaining(trailers);
    }

    static long remaining(ByteBuffer[] buffers) {
        long n = 0;
        for (ByteBuffer b : buffers) {
            n += b.remaining();
        }
        return n;
    }

    @Override
    public String toString() {
        return "SendOptions[headers=" + remaining(headers) + " bytes in " + headers.length + " buffers, trailers="
                + remaining(trailers) + " bytes in " + trailers.length + " buffers, flags=" + flags
                + (readaheadPages != 0 ? ", readaheadPages=" + readaheadPages : "") + "]";
    }

    /** Builds {@link SendOptions}; every setter replaces what was set before. */
    public static final class Builder {
        private ByteBuffer[] headers = NO_BUFFERS;
        private ByteBuffer[] trailers = NO_BUFFERS;
        private EnumSet<SendFlag> flags = EnumSet.noneOf(SendFlag.class);
        private int readaheadPages;

        private Builder() {
        }

        /**
         * @param buffers sent before the file bytes, in order
         * @return this builder
         * @throws NullPointerException if the array or any buffer is {@code null}
         */
        public Builder headers(ByteBuffer... buffers) {
            this.headers = checked("headers", buffers);
            return this;
        }

        /**
         * @param buffers sent after the file bytes, in order, once every requested file byte was sent
         * @return this builder
         * @throws NullPointerException if the array or any buffer is {@code null}
         */
        public Builder trailers(ByteBuffer... buffers) {
            this.trailers = checked("trailers", buffers);
            return this;
        }

        /**
         * @param flags the flags; duplicates are ignored
         * @return this builder
         * @throws NullPointerException if the array or any flag is {@code null}
         */
        public Builder flags(SendFlag... flags) {
            Objects.requireNonNull(flags, "flags");
            EnumSet<SendFlag> set = EnumSet.noneOf(SendFlag.class);
            for (int i = 0; i < flags.length; i++) {
                set.add(Objects.requireNonNull(flags[i], "flags[" + i + "]"));
            }
            this.flags = set;
            return this;
        }

        /**
         * Sets FreeBSD's readahead (used with {@link SendFlag#SF_USER_READAHEAD}).
         *
         * @param pages {@code 0} to {@link #MAX_READAHEAD_PAGES}
         * @return this builder
         * @throws IllegalArgumentException if {@code pages} is out of range
         */
        public Builder readaheadPages(int pages) {
            if (pages < 0 || pages > MAX_READAHEAD_PAGES) {
                throw new IllegalArgumentException(
                        "readaheadPages must be 0.." + MAX_READAHEAD_PAGES + ", was " + pages);
            }
            this.readaheadPages = pages;
            return this;
        }

        /** @return the immutable options */
        public SendOptions build() {
            return new SendOptions(this);
        }

        private static ByteBuffer[] checked(String what, ByteBuffer[] buffers) {
            Objects.requireNonNull(buffers, what);
            ByteBuffer[] copy = Arrays.copyOf(buffers, buffers.length);
            for (int i = 0; i < copy.length; i++) {
                Objects.requireNonNull(copy[i], what + "[" + i + "]");
            }
            return copy;
        }
    }
}
