package io.github.sendfile4j.cli;

import io.github.sendfile4j.SendfileException;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns an exception into the one line a user reads: what failed, on which file, and the errno name. */
final class Errors {
    private Errors() {
    }

    static String oneLine(Throwable e) {
        if (e instanceof SendfileException) {
            SendfileException s = (SendfileException) e;
            return s.getMessage();
        }
        if (e instanceof FileSystemException) {
            FileSystemException f = (FileSystemException) e;
            String file = f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "");
            return file + ": " + errnoName(f) + (f.getReason() != null ? " (" + f.getReason() + ")" : "");
        }
        if (e instanceof FileNotFoundException) {
            return e.getMessage() + " (ENOENT)";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage() + " (EAI_NONAME)";
        }
        if (e instanceof ConnectException) {
            return e.getMessage() + " (ECONNREFUSED)";
        }
        if (e instanceof java.nio.channels.UnresolvedAddressException) {
            return "unknown host (UnresolvedAddressException)";
        }
        if (e instanceof ClosedChannelException) {
            return "channel closed (EBADF)";
        }
        String m = e.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m) + " (" + guessErrno(m) + ")";
    }

    static String errnoName(FileSystemException f) {
        if (f instanceof NoSuchFileException) {
            return "ENOENT";
        }
        if (f instanceof AccessDeniedException) {
            return "EACCES";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "EEXIST";
        }
        if (f instanceof NotDirectoryException) {
            return "ENOTDIR";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "ENOTEMPTY";
        }
        return guessErrno(f.getReason());
    }

    /** The JDK reports most errors as strerror text only; map the common ones back to their names. */
    static String guessErrno(String text) {
        if (text == null) {
            return "EIO";
        }
        String t = text.toLowerCase(java.util.Locale.ROOT);
        String[][] map = {{"is a directory", "EISDIR"}, {"no space left", "ENOSPC"}, {"broken pipe", "EPIPE"},
            {"connection reset", "ECONNRESET"}, {"permission denied", "EACCES"}, {"read-only file system", "EROFS"},
            {"no such file", "ENOENT"}, {"connection refused", "ECONNREFUSED"}, {"not a directory", "ENOTDIR"},
            {"file too large", "EFBIG"}, {"disk quota", "EDQUOT"}, {"too many open files", "EMFILE"}};
        for (String[] m : map) {
            if (t.contains(m[0])) {
                return m[1];
            }
        }
        return "EIO";
    }
}
