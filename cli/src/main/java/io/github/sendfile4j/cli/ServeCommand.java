package io.github.sendfile4j.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A small static HTTP/1.1 server: one thread, non-blocking sockets, sendfile with the header in the call. */
@Command(name = "serve", description = "Serve DIR over HTTP/1.1 (GET, HEAD, keep-alive) until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR")
    Path dir;

    @Option(names = "--port", paramLabel = "N", description = "TCP port; 0 picks a free one (default 8080).")
    int port = 8080;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default 127.0.0.1).")
    String bind = "127.0.0.1";

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535, was " + port);
        }
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NotDirectoryException(dir.toString());
        }
        Path root = dir.toRealPath();
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(bind, port), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
        spec.commandLine().getOut().println("serving " + root + " on http://" + local.getHostString() + ":"
                + local.getPort() + "/ (Ctrl-C stops)");
        spec.commandLine().getOut().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                selector.close();
                stopped.await();
            } catch (IOException | InterruptedException ignored) {
                // Exiting anyway.
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            loop(selector, server, root);
        } finally {
            server.close();
            spec.commandLine().getOut().println("stopped");
            spec.commandLine().getOut().flush();
            stopped.countDown();
        }
        return 0;
    }

    private static void loop(Selector selector, ServerSocketChannel server, Path root) throws IOException {
        try {
            while (selector.isOpen()) {
                selector.select();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        SocketChannel c;
                        while ((c = server.accept()) != null) {
                            c.configureBlocking(false);
                            c.register(selector, SelectionKey.OP_READ, new HttpConnection(c, root));
                        }
                        continue;
                    }
                    HttpConnection conn = (HttpConnection) key.attachment();
                    boolean open;
                    try {
                        open = key.isWritable() ? conn.onWritable() : conn.onReadable();
                    } catch (IOException e) {
                        open = false;
                    }
                    if (!open) {
                        conn.close();
                    } else {
                        key.interestOps(conn.writing() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                    }
                }
            }
        } catch (ClosedSelectorException stopping) {
            // Ctrl-C: the shutdown hook closed the selector.
        }
    }
}
