/*
 * JNI registration and the calls that are the same on every platform. Each native is exactly one system
 * call returning its result or -errno: nothing is retried here, nothing falls back, no errno is looked at.
 * Every argument check and every such decision lives in Java (io.github.sendfile4j.unix.Kernel), once for
 * this library and the FFM gateway alike. Natives are registered in JNI_OnLoad, so JNI_OnLoad is the only
 * exported symbol; each platform's file registers its family's own calls (sf4j_register_platform).
 */
#include "config.h"
#include "sendfile4j.h"

#define NATIVE_CLASS "io/github/sendfile4j/unix/NativeIo"

static jclass file_descriptor_class;
static jfieldID file_descriptor_fd;

static jint JNICALL abi_version0(JNIEnv *env, jclass clazz) {
    (void) env; (void) clazz;
    return SF4J_ABI_VERSION;
}

static jlong JNICALL sendmsg0(JNIEnv *env, jclass clazz, jint fd, jlong iov_addr, jint iov_cnt, jint flags) {
    (void) env; (void) clazz;
    struct msghdr msg;
    msg.msg_name = NULL;
    msg.msg_namelen = 0;
    msg.msg_iov = (struct iovec *) (intptr_t) iov_addr;
    msg.msg_iovlen = iov_cnt;
    msg.msg_control = NULL;
    msg.msg_controllen = 0;
    msg.msg_flags = 0;
    ssize_t n = sendmsg(fd, &msg, flags);
    return n < 0 ? -errno : n;
}

static jlong JNICALL writev0(JNIEnv *env, jclass clazz, jint fd, jlong iov_addr, jint iov_cnt) {
    (void) env; (void) clazz;
    ssize_t n = writev(fd, (struct iovec *) (intptr_t) iov_addr, iov_cnt);
    return n < 0 ? -errno : n;
}

static jint JNICALL get_fl0(JNIEnv *env, jclass clazz, jint fd) {
    (void) env; (void) clazz;
    int r = fcntl(fd, F_GETFL);
    return r < 0 ? -errno : r;
}

static jint JNICALL set_fl0(JNIEnv *env, jclass clazz, jint fd, jint flags) {
    (void) env; (void) clazz;
    return fcntl(fd, F_SETFL, flags) < 0 ? -errno : 0;
}

static jlong JNICALL lseek0(JNIEnv *env, jclass clazz, jint fd, jlong offset, jint whence) {
    (void) env; (void) clazz;
    off_t r = lseek(fd, (off_t) offset, whence);
    return r < 0 ? -errno : (jlong) r;
}

static jint JNICALL dup0(JNIEnv *env, jclass clazz, jint fd) {
    (void) env; (void) clazz;
    int r = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    return r < 0 ? -errno : r;
}

static jint JNICALL close0(JNIEnv *env, jclass clazz, jint fd) {
    (void) env; (void) clazz;
    return close(fd) < 0 ? -errno : 0;
}

/* 1 when fd may take more bytes (or has an error or hang-up that the next write reports), 0 on timeout. */
static jint JNICALL poll_writable0(JNIEnv *env, jclass clazz, jint fd, jint timeout_ms) {
    (void) env; (void) clazz;
    struct pollfd p;
    p.fd = fd;
    p.events = POLLOUT;
    p.revents = 0;
    int r = poll(&p, 1, timeout_ms);
    return r < 0 ? -errno : r;
}

/* An int-valued socket option: its value, zero-extended (so never negative), or -errno. */
static jlong JNICALL get_int_sockopt0(JNIEnv *env, jclass clazz, jint fd, jint level, jint name) {
    (void) env; (void) clazz;
    int value = 0;
    unsigned int len = sizeof(value); /* socklen_t */
    return getsockopt(fd, level, name, &value, &len) < 0 ? -errno : (jlong) (unsigned int) value;
}

static jint JNICALL set_int_sockopt0(JNIEnv *env, jclass clazz, jint fd, jint level, jint name, jint value) {
    (void) env; (void) clazz;
    int v = value;
    return setsockopt(fd, level, name, &v, sizeof(v)) < 0 ? -errno : 0;
}

static jlong JNICALL page_size0(JNIEnv *env, jclass clazz) {
    (void) env; (void) clazz;
    return (jlong) sysconf(_SC_PAGESIZE);
}

static jlong JNICALL buffer_address0(JNIEnv *env, jclass clazz, jobject buffer) {
    (void) clazz;
    return (jlong) (intptr_t) (*env)->GetDirectBufferAddress(env, buffer);
}

/* The JDK classes that hold a descriptor in a private "fd" field (FileDescriptor), from JDK 8 to 25. Their
 * field IDs are looked up once, at load time: GetFieldID walks the class's fields on every call otherwise.
 * A class missing from some JDK is left out; a holder of any other class takes the uncached lookup. */
static const char *const holder_class_names[] = {
    "java/io/FileInputStream", "java/io/FileOutputStream", "java/io/RandomAccessFile",
    "sun/nio/ch/FileChannelImpl", "sun/nio/ch/SocketChannelImpl", "sun/nio/ch/ServerSocketChannelImpl",
};
#define HOLDER_CLASSES (sizeof(holder_class_names) / sizeof(holder_class_names[0]))
static jclass holder_classes[HOLDER_CLASSES];
static jfieldID holder_fields[HOLDER_CLASSES];

static jfieldID holder_field(JNIEnv *env, jclass holder_class) {
    for (size_t i = 0; i < HOLDER_CLASSES; i++) {
        if (holder_classes[i] != NULL && (*env)->IsSameObject(env, holder_class, holder_classes[i])) {
            return holder_fields[i];
        }
    }
    jfieldID field = (*env)->GetFieldID(env, holder_class, "fd", "Ljava/io/FileDescriptor;");
    if (field == NULL) {
        (*env)->ExceptionClear(env);
    }
    return field;
}

static void cache_holder_fields(JNIEnv *env) {
    for (size_t i = 0; i < HOLDER_CLASSES; i++) {
        jclass c = (*env)->FindClass(env, holder_class_names[i]);
        jfieldID field = c == NULL ? NULL : (*env)->GetFieldID(env, c, "fd", "Ljava/io/FileDescriptor;");
        if (field == NULL) {
            (*env)->ExceptionClear(env);
        } else {
            holder_classes[i] = (*env)->NewGlobalRef(env, c);
            holder_fields[i] = holder_classes[i] == NULL ? NULL : field;
        }
        if (c != NULL) {
            (*env)->DeleteLocalRef(env, c);
        }
    }
}

/* The int behind a FileDescriptor, or behind the private "fd" field of a holder (above); JNI field access
 * ignores module encapsulation. Returns -1 for a closed descriptor and -2 when the object has no such field. */
static jint JNICALL descriptor0(JNIEnv *env, jclass clazz, jobject holder) {
    (void) clazz;
    jobject fd_object = holder;
    if (!(*env)->IsInstanceOf(env, holder, file_descriptor_class)) {
        jclass holder_class = (*env)->GetObjectClass(env, holder);
        jfieldID field = holder_field(env, holder_class);
        (*env)->DeleteLocalRef(env, holder_class);
        if (field == NULL) {
            return -2;
        }
        fd_object = (*env)->GetObjectField(env, holder, field);
        if (fd_object == NULL) {
            return -1;
        }
    }
    jint fd = (*env)->GetIntField(env, fd_object, file_descriptor_fd);
    if (fd_object != holder) {
        (*env)->DeleteLocalRef(env, fd_object);
    }
    return fd;
}

static const JNINativeMethod methods[] = {
    { "abiVersion0", "()I", (void *) abi_version0 },
    { "sendmsg0", "(IJII)J", (void *) sendmsg0 },
    { "writev0", "(IJI)J", (void *) writev0 },
    { "getFl0", "(I)I", (void *) get_fl0 },
    { "setFl0", "(II)I", (void *) set_fl0 },
    { "lseek0", "(IJI)J", (void *) lseek0 },
    { "dup0", "(I)I", (void *) dup0 },
    { "close0", "(I)I", (void *) close0 },
    { "pollWritable0", "(II)I", (void *) poll_writable0 },
    { "getIntSockopt0", "(III)J", (void *) get_int_sockopt0 },
    { "setIntSockopt0", "(IIII)I", (void *) set_int_sockopt0 },
    { "pageSize0", "()J", (void *) page_size0 },
    { "bufferAddress0", "(Ljava/nio/Buffer;)J", (void *) buffer_address0 },
    { "descriptor0", "(Ljava/lang/Object;)I", (void *) descriptor0 },
};

SF4J_EXPORT jint JNI_OnLoad(JavaVM *vm, void *reserved) {
    (void) reserved;
    JNIEnv *env;
    if ((*vm)->GetEnv(vm, (void **) &env, JNI_VERSION_1_6) != JNI_OK) {
        return JNI_ERR;
    }
    jclass native_class = (*env)->FindClass(env, NATIVE_CLASS);
    if (native_class == NULL) {
        return JNI_ERR;
    }
    if ((*env)->RegisterNatives(env, native_class, methods, sizeof(methods) / sizeof(methods[0])) != 0
            || sf4j_register_platform(env, native_class) != 0) {
        return JNI_ERR;
    }
    jclass fd_class = (*env)->FindClass(env, "java/io/FileDescriptor");
    if (fd_class == NULL) {
        return JNI_ERR;
    }
    file_descriptor_fd = (*env)->GetFieldID(env, fd_class, "fd", "I");
    file_descriptor_class = (*env)->NewGlobalRef(env, fd_class);
    if (file_descriptor_fd == NULL || file_descriptor_class == NULL) {
        return JNI_ERR;
    }
    cache_holder_fields(env);
    return JNI_VERSION_1_6;
}

SF4J_EXPORT void JNI_OnUnload(JavaVM *vm, void *reserved) {
    (void) reserved;
    JNIEnv *env;
    if ((*vm)->GetEnv(vm, (void **) &env, JNI_VERSION_1_6) == JNI_OK && file_descriptor_class != NULL) {
        (*env)->DeleteGlobalRef(env, file_descriptor_class);
        file_descriptor_class = NULL;
        for (size_t i = 0; i < HOLDER_CLASSES; i++) {
            if (holder_classes[i] != NULL) {
                (*env)->DeleteGlobalRef(env, holder_classes[i]);
                holder_classes[i] = NULL;
            }
        }
    }
}
