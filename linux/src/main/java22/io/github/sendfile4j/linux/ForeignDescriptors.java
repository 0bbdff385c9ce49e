package io.github.sendfile4j.linux;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * The number behind a {@link FileDescriptor}, or behind the private {@code fd} field of the JDK's channels
 * and streams, read through method handles that the opened packages allow; -1 when closed, -2 when the
 * object holds none (the same answers as the JNI library's {@code descriptor0}).
 */
final class ForeignDescriptors {
    private static final VarHandle FD_INT = fileDescriptorField();
    private final ClassValue<VarHandle> holders = new ClassValue<VarHandle>() {
        @Override
        protected VarHandle computeValue(Class<?> type) {
            return holderField(type);
        }
    };

    /**
     * @param holder a {@code FileDescriptor}, or a JDK object with a private {@code fd} FileDescriptor field
     * @return its number, -1 when closed, -2 when it holds none
     */
    int of(Object holder) {
        FileDescriptor fd;
        if (holder instanceof FileDescriptor f) {
            fd = f;
        } else {
            VarHandle h = holders.get(holder.getClass());
            if (h == null) {
                return -2;
            }
            fd = (FileDescriptor) h.get(holder);
            if (fd == null) {
                return -1;
            }
        }
        return (int) FD_INT.get(fd);
    }

    private static VarHandle fileDescriptorField() {
        try {
            return MethodHandles.privateLookupIn(FileDescriptor.class, MethodHandles.lookup())
                    .findVarHandle(FileDescriptor.class, "fd", int.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("java.io.FileDescriptor has no readable int fd field", e);
        }
    }

    /** Like JNI's GetFieldID: the class's own field or an inherited one. */
    private static VarHandle holderField(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals("fd") && f.getType() == FileDescriptor.class
                        && !Modifier.isStatic(f.getModifiers())) {
                    try {
                        return MethodHandles.privateLookupIn(c, MethodHandles.lookup()).unreflectVarHandle(f);
                    } catch (IllegalAccessException e) {
                        return null; // a package not opened to this module: no descriptor to be had
                    }
                }
            }
        }
        return null;
    }
}
