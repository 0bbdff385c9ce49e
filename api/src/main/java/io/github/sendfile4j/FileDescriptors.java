package io.github.sendfile4j;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * File-descriptor numbers of JDK objects, and the blocking mode of a descriptor (Python's
 * {@code os.set_blocking} / {@code os.get_blocking}). Works on JDK 8 to 25: the native providers read the
 * JDK's private fields through JNI, which module encapsulation does not restrict.
 *
 * <p>A descriptor number stays valid only while its owner is open; do not close the owner while a call
 * uses the number.
 */
public final class FileDescriptors {
    private FileDescriptors() {
    }

    /**
     * @param fd a valid file descriptor object
     * @return its number
     * @throws NullPointerException          if {@code fd} is {@code null}
     * @throws IllegalArgumentException      if {@code fd} is not valid (closed or never opened)
     * @throws UnsupportedOperationException if the provider in use cannot read descriptors
     */
    public static int of(FileDescriptor fd) {
        Objects.requireNonNull(fd, "fd");
        if (!fd.valid()) {
            throw new IllegalArgumentException("FileDescriptor is not valid (closed or never opened)");
        }
        try {
            return Sendfile.provider().descriptor(fd);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * @param channel an open file channel of the JDK
     * @return its descriptor number
     * @throws java.nio.channels.ClosedChannelException if it is closed
     * @throws IOException if it has no descriptor (not a JDK channel)
     */
    public static int of(FileChannel channel) throws IOException {
        return ofChannel(channel);
    }

    /**
     * @param channel an open socket channel of the JDK
     * @return its descriptor number
     * @throws java.nio.channels.ClosedChannelException if it is closed
     * @throws IOException if it has no descriptor
     */
    public static int of(SocketChannel channel) throws IOException {
        return ofChannel(channel);
    }

    /**
     * @param channel an open server socket channel of the JDK
     * @return its descriptor number
     * @throws java.nio.channels.ClosedChannelException if it is closed
     * @throws IOException if it has no descriptor
     */
    public static int of(ServerSocketChannel channel) throws IOException {
        return ofChannel(channel);
    }

    /**
     * @param stream an open file input stream
     * @return its descriptor number
     * @throws IOException if it is closed
     */
    public static int of(FileInputStream stream) throws IOException {
        return ofStream(Objects.requireNonNull(stream, "stream").getFD());
    }

    /**
     * @param stream an open file output stream
     * @return its descriptor number
     * @throws IOException if it is closed
     */
    public static int of(FileOutputStream stream) throws IOException {
        return ofStream(Objects.requireNonNull(stream, "stream").getFD());
    }

    /**
     * @param file an open random access file
     * @return its descriptor number
     * @throws IOException if it is closed
     */
    public static int of(RandomAccessFile file) throws IOException {
        return ofStream(Objects.requireNonNull(file, "file").getFD());
    }

    /**
     * @param fd a descriptor
     * @return whether it is in blocking mode ({@code O_NONBLOCK} clear)
     * @throws IllegalArgumentException if {@code fd} is negative
     * @throws SendfileException        if {@code fd} is not open ({@code "EBADF"})
     * @throws IOException              if another I/O error occurs
     */
    public static boolean isBlocking(int fd) throws IOException {
        checkFd(fd);
        return Sendfile.provider().isBlocking(fd);
    }

    /**
     * Sets or clears {@code O_NONBLOCK}. Do not use it on a descriptor owned by a {@code SelectableChannel};
     * use the channel's {@code configureBlocking} there, which the JDK tracks.
     *
     * @param fd       a descriptor
     * @param blocking {@code true} for blocking mode
     * @throws IllegalArgumentException if {@code fd} is negative
     * @throws SendfileException        if {@code fd} is not open ({@code "EBADF"})
     * @throws IOException              if another I/O error occurs
     */
    public static void setBlocking(int fd, boolean blocking) throws IOException {
        checkFd(fd);
        Sendfile.provider().setBlocking(fd, blocking);
    }

    private static int ofChannel(java.nio.channels.Channel channel) throws IOException {
        Objects.requireNonNull(channel, "channel");
        if (!channel.isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
        return Sendfile.provider().descriptor(channel);
    }

    private static int ofStream(FileDescriptor fd) throws IOException {
        if (!fd.valid()) {
            throw new IOException("stream is closed");
        }
        return Sendfile.provider().descriptor(fd);
    }

    private static void checkFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd must be >= 0, was " + fd);
        }
    }
}
