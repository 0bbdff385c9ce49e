/* Loads a library with musl's dynamic linker and every symbol bound at once (RTLD_NOW): proves that the
 * glibc-built Linux library also loads on musl systems (Alpine). Used by native/inspect.sh. */
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv) {
    void *h = dlopen(argv[1], RTLD_NOW);
    if (!h) { printf("dlopen failed: %s\n", dlerror()); return 1; }
    printf("loaded, JNI_OnLoad=%s\n", dlsym(h, "JNI_OnLoad") ? "found" : "missing");
    return 0;
}
