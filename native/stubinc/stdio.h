/* jni.h includes <stdio.h> but uses nothing from it; the BSD and macOS builds have no target headers. */
