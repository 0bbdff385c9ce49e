/* What each platform file provides to the JNI registration in sendfile4j.c. */
#ifndef SENDFILE4J_H
#define SENDFILE4J_H

#include <jni.h>

/*
 * Registers the natives of this platform's family on the class NativeIo (Linux: sendfile0, copyFileRange0,
 * fadviseDontNeed0; FreeBSD and macOS: sendfileHdtr0). Like every native, each is one system call returning
 * its result or -errno. Returns 0, or nonzero when RegisterNatives failed.
 */
jint sf4j_register_platform(JNIEnv *env, jclass clazz);

#endif
