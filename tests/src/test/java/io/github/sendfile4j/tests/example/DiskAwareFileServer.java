package io.github.sendfile4j.tests.example;

import io.github.sendfile4j.FileSend;
import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.Sendfile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;

/** As StaticFileServer, but the loop never waits on the disk either: cold bytes are read in on `disk`. */
public final class DiskAwareFileServer {
    public static void serve(ServerSocketChannel server, Path file, ExecutorService disk) throws IOException {
        SendFlag[] flags = Sendfile.provider().supports(SendFlag.SF_NODISKIO)
                ? new SendFlag[] {SendFlag.SF_NODISKIO} : new SendFlag[0];
        Queue<SelectionKey> readIn = new ConcurrentLinkedQueue<>(); // back from the disk threads
        Selector selector = Selector.open();
        server.configureBlocking(false).register(selector, SelectionKey.OP_ACCEPT);
        while (server.isOpen()) {
            selector.select();
            for (SelectionKey key; (key = readIn.poll()) != null;) {
                key.interestOps(SelectionKey.OP_WRITE);
            }
            for (SelectionKey key : selector.selectedKeys()) {
                if (key.isAcceptable()) {
                    SocketChannel client = server.accept();
                    long size = Files.size(file);
                    ByteBuffer head = ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Length: " + size
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    FileSend response = FileSend.builder(file, 0, size).headers(head).flags(flags).build();
                    client.configureBlocking(false).register(selector, SelectionKey.OP_WRITE, response);
                } else if (key.isWritable()) {
                    FileSend response = (FileSend) key.attachment();
                    try {
                        response.sendTo((SocketChannel) key.channel()); // only what is in memory
                    } catch (IOException clientGone) {
                        response.close();
                        key.channel().close();
                        continue;
                    }
                    if (response.isDone()) {
                        key.channel().close();
                    } else if (response.waitingForDisk()) {
                        SelectionKey waiting = key;
                        waiting.interestOps(0); // no events until the bytes are in memory
                        response.readAhead(disk).whenComplete((read, failed) -> {
                            readIn.add(waiting);
                            selector.wakeup();
                        });
                    }
                }
            }
            selector.selectedKeys().clear();
        }
        selector.close();
    }
}
