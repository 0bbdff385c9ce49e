package user;

import io.github.sendfile4j.Sendfile;
import java.nio.file.Files;
import java.nio.file.Path;

public class Main {
    public static void main(String[] args) throws Exception {
        Path src = Files.write(Files.createTempFile("shaded", ".bin"), new byte[123_456]);
        Path dst = src.resolveSibling(src.getFileName() + ".copy");
        long n = Sendfile.copy(src, dst);
        System.out.println("provider=" + Sendfile.provider().name() + " copied=" + n);
        Files.delete(src);
        Files.delete(dst);
    }
}
