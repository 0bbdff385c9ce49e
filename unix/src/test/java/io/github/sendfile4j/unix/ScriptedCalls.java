package io.github.sendfile4j.unix;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A gateway that answers from a script and records every call, for the policy's decisions about results no
 * kernel gives on demand (EINTR before or after progress, ENOTSOCK on a sendmsg). The real kernels' answers are
 * the contract suite's and the fault injection's business; this only checks what {@link Kernel} makes of them.
 */
final class ScriptedCalls implements SystemCalls {
    final List<String> calls = new ArrayList<>();
    private final Deque<Long> script = new ArrayDeque<>();

    /** @return this, answering {@code result} to the next call */
    ScriptedCalls then(long result) {
        script.add(result);
        return this;
    }

    private long next(String call) {
        calls.add(call);
        return script.remove();
    }

    @Override
    public long sendmsg(int fd, IoVectors v, int flags) {
        return next("sendmsg");
    }

    @Override
    public long writev(int fd, IoVectors v) {
        return next("writev");
    }

    @Override
    public int getFl(int fd) {
        return (int) next("getFl");
    }

    @Override
    public int setFl(int fd, int flags) {
        return (int) next("setFl");
    }

    @Override
    public long lseek(int fd, long offset, int whence) {
        return next("lseek");
    }

    @Override
    public int dup(int fd) {
        return (int) next("dup");
    }

    @Override
    public int close(int fd) {
        return (int) next("close");
    }

    @Override
    public int pollWritable(int fd, int timeoutMillis) {
        return (int) next("poll");
    }

    @Override
    public long getIntSockopt(int fd, int level, int name) {
        return next("getsockopt");
    }

    @Override
    public int setIntSockopt(int fd, int level, int name, int value) {
        return (int) next("setsockopt");
    }

    @Override
    public long pageSize() {
        return 4096;
    }

    @Override
    public int descriptor(Object holder) {
        return -2;
    }
}
