package io.github.sendfile4j.tests.example;

import io.github.sendfile4j.Sendfile;
import java.io.IOException;
import java.nio.file.Paths;

/** cp SRC DST: refuses the same file, never leaves half a DST. */
public final class CopyFile {
    public static void main(String[] args) throws IOException {
        System.out.println(Sendfile.copy(Paths.get(args[0]), Paths.get(args[1])) + " bytes copied");
    }
}
