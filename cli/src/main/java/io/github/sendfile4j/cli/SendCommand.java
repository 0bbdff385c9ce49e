package io.github.sendfile4j.cli;

import io.github.sendfile4j.FileDescriptors;
import io.github.sendfile4j.SendOptions;
import io.github.sendfile4j.Sendfile;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Connects to HOST:PORT and sends FILE with sendfile, headers and trailers in the same calls. */
@Command(name = "send", description = "Send FILE to HOST:PORT over TCP with sendfile.")
final class SendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Parameters(index = "1", paramLabel = "HOST:PORT")
    String address;

    @Option(names = "--header", paramLabel = "TEXT", description = "Bytes to send before the file (UTF-8).")
    String header = "";

    @Option(names = "--trailer", paramLabel = "TEXT", description = "Bytes to send after the file (UTF-8).")
    String trailer = "";

    @Override
    public Integer call() throws Exception {
        int colon = address.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            port = -1;
        }
        if (colon <= 0 || port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "HOST:PORT expected, got '" + address + "'");
        }
        String host = address.substring(0, colon).replaceAll("^\\[(.*)]$", "$1");
        ByteBuffer h = ByteBuffer.wrap(header.getBytes(StandardCharsets.UTF_8));
        ByteBuffer t = ByteBuffer.wrap(trailer.getBytes(StandardCharsets.UTF_8));
        long total = 0;
        try (FileChannel in = FileChannel.open(file);
             SocketChannel socket = SocketChannel.open(new InetSocketAddress(host, port))) {
            long size = in.size();
            if (Sendfile.provider().name().equals("fallback")) {
                total += writeAll(socket, h);
                total += Sendfile.transfer(in, 0, size, socket);
                total += writeAll(socket, t);
            } else {
                SendOptions options = SendOptions.builder().headers(h).trailers(t).build();
                int out = FileDescriptors.of(socket);
                int fd = FileDescriptors.of(in);
                long fileSent = 0;
                while (h.hasRemaining() || fileSent < size || t.hasRemaining()) {
                    long hBefore = h.remaining();
                    long tBefore = t.remaining();
                    long n = Sendfile.sendfile(out, fd, fileSent, size - fileSent, options);
                    fileSent += n - (hBefore - h.remaining()) - (tBefore - t.remaining());
                    total += n;
                    if (n == 0) {
                        break;
                    }
                }
            }
        }
        spec.commandLine().getOut().println(total + " bytes sent");
        return 0;
    }

    private static long writeAll(SocketChannel socket, ByteBuffer b) throws java.io.IOException {
        long n = 0;
        while (b.hasRemaining()) {
            n += socket.write(b);
        }
        return n;
    }
}
