package io.github.sendfile4j.cli;

import io.github.sendfile4j.FileSend;
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
@Command(name = "send", mixinStandardHelpOptions = true, description = "Send FILE to HOST:PORT over TCP with sendfile.")
final class SendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to send, from its start to its end.")
    Path file;

    @Parameters(index = "1", paramLabel = "HOST:PORT",
            description = "Where to connect: a name or address and a TCP port ([::1]:9000 for IPv6).")
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
        long total;
        InetSocketAddress to = new InetSocketAddress(host, port);
        if (to.isUnresolved()) {
            throw new java.net.UnknownHostException(host + " (UnresolvedAddressException: no address for that name)");
        }
        try (FileChannel in = FileChannel.open(file); SocketChannel socket = connect(to)) {
            total = FileSend.builder(in, 0, Sendfile.TO_END_OF_FILE).headers(h).trailers(t).build().sendTo(socket);
        }
        spec.commandLine().getOut().println(total + " bytes sent");
        return 0;
    }

    /** The JDK's message is only "Connection refused": say where to. */
    private static SocketChannel connect(InetSocketAddress to) throws java.io.IOException {
        try {
            return SocketChannel.open(to);
        } catch (java.net.ConnectException e) {
            java.net.ConnectException named = new java.net.ConnectException(
                    "connection to " + to.getHostString() + ":" + to.getPort() + " (" + to.getAddress().getHostAddress()
                            + ") refused: " + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }
}
