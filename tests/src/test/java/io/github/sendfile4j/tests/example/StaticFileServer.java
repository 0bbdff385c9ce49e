package io.github.sendfile4j.tests.example;

import io.github.sendfile4j.FileSend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One Selector thread, never waiting: each connection gets head + file, resumed whenever writable. */
public final class StaticFileServer {
    public static void serve(ServerSocketChannel server, Path file) throws IOException {
        Selector selector = Selector.open();
        server.configureBlocking(false).register(selector, SelectionKey.OP_ACCEPT);
        while (server.isOpen()) {
            selector.select();
            for (SelectionKey key : selector.selectedKeys()) {
                if (key.isAcceptable()) {
                    SocketChannel client = server.accept();
                    long size = Files.size(file);
                    ByteBuffer head = ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Length: " + size
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    FileSend response = FileSend.builder(file, 0, size).headers(head).build();
                    client.configureBlocking(false).register(selector, SelectionKey.OP_WRITE, response);
                } else if (key.isWritable()) {
                    FileSend response = (FileSend) key.attachment();
                    try {
                        response.sendTo((SocketChannel) key.channel()); // what the socket takes; 0 if full
                    } catch (IOException clientGone) {
                        response.close();
                        key.channel().close();
                    }
                    if (response.isDone()) {
                        key.channel().close(); // the FileSend closed its file
                    }
                }
            }
            selector.selectedKeys().clear();
        }
        selector.close();
    }
}
