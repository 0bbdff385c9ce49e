/* The functions each platform file provides to the JNI registration in sendfile4j.c. */
#ifndef SENDFILE4J_H
#define SENDFILE4J_H

#include <jni.h>

/*
 * Every function returns the count (>= 0) or -errno, after retrying EINTR. The *_hdtr form also stores
 * the bytes written so far at sbytes_addr, because the BSDs report partial progress with an error.
 */
jlong sf4j_sendfile(jint out_fd, jint in_fd, jlong offset, jlong count);
jlong sf4j_sendfile_hdtr(jint out_fd, jint in_fd, jlong offset, jlong count, jlong iov_addr, jint hdr_cnt,
        jint trl_cnt, jint flags, jlong sbytes_addr);
jlong sf4j_copy_file_range(jint in_fd, jlong in_offset, jint out_fd, jlong count);
jint sf4j_fadvise_dontneed(jint fd, jlong offset, jlong len);

#endif
