package io.github.sendfile4j.cli;

import io.github.sendfile4j.FileSend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;

/**
 * One keep-alive HTTP/1.1 connection of the static server: reads a request, answers it with a FileSend
 * (the response head travels with the file in as few system calls as the platform allows), and resumes it
 * when the socket is writable again. Requests are answered in order; pipelined ones wait in the input
 * buffer.
 */
final class HttpConnection {
    static final int MAX_REQUEST = 16 * 1024;

    final SocketChannel channel;
    private final Path root;
    private final ByteBuffer input = ByteBuffer.allocate(MAX_REQUEST);
    private FileChannel file;
    private FileSend response;
    private long fileSize;
    private boolean closeAfter;

    HttpConnection(SocketChannel channel, Path root) {
        this.channel = channel;
        this.root = root;
    }

    /** @return whether part of a request head has arrived and its end has not */
    boolean readingHead() {
        return !writing() && input.position() > 0;
    }

    /** @return whether a response is still being written */
    boolean writing() {
        return response != null;
    }

    /** @return false when the connection is finished and must be closed */
    boolean onReadable() throws IOException {
        int n = channel.read(input);
        if (n < 0) {
            return false;
        }
        return serveBuffered();
    }

    /** @return false when the connection is finished and must be closed */
    boolean onWritable() throws IOException {
        if (!continueResponse()) {
            return true;
        }
        return !closeAfter && serveBuffered();
    }

    private boolean serveBuffered() throws IOException {
        while (!writing()) {
            int end = headerEnd();
            if (end < 0) {
                if (!input.hasRemaining()) {
                    startError(400, "Request too large", true);
                    return continueResponse() ? !closeAfter : true;
                }
                return true;
            }
            String request = new String(input.array(), 0, end, StandardCharsets.ISO_8859_1);
            input.flip();
            input.position(end + 4);
            input.compact();
            handle(request);
            if (!continueResponse()) {
                return true;
            }
            if (closeAfter) {
                return false;
            }
        }
        return true;
    }

    private int headerEnd() {
        byte[] a = input.array();
        for (int i = 0; i + 3 < input.position(); i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void handle(String request) throws IOException {
        String[] lines = request.split("\r\n");
        String[] parts = lines[0].split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            startError(400, "Bad Request", true);
            return;
        }
        boolean http10 = parts[2].equals("HTTP/1.0");
        String connection = "";
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                startError(400, "Bad Request", true);
                return;
            }
            if (lines[i].substring(0, colon).trim().equalsIgnoreCase("Connection")) {
                connection = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            }
        }
        boolean close = http10 ? !connection.equals("keep-alive") : connection.equals("close");
        String method = parts[0];
        if (!method.equals("GET") && !method.equals("HEAD")) {
            startError(405, "Method Not Allowed", close);
            return;
        }
        Path path;
        try {
            path = SafePaths.resolve(root, parts[1]);
        } catch (SafePaths.Refused r) {
            startError(r.status, reason(r.status), close || r.status == 400);
            return;
        }
        FileChannel f;
        try {
            f = FileChannel.open(path);
        } catch (IOException e) {
            startError(403, "Forbidden", close);
            return;
        }
        long size = f.size();
        String head = "HTTP/1.1 200 OK\r\nServer: sendfile4j\r\nContent-Length: " + size + "\r\nContent-Type: "
                + contentType(path) + "\r\nLast-Modified: " + httpDate(Files.getLastModifiedTime(path).toMillis())
                + "\r\nConnection: " + (close ? "close" : "keep-alive") + "\r\n\r\n";
        if (method.equals("HEAD")) {
            f.close();
            start(head, null, 0, close);
        } else {
            start(head, f, size, close);
        }
    }

    private void startError(int status, String reason, boolean close) {
        String body = status + " " + reason + "\n";
        start("HTTP/1.1 " + status + " " + reason + "\r\nServer: sendfile4j\r\nContent-Type: text/plain\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: " + (close ? "close" : "keep-alive")
                + "\r\n\r\n" + body, null, 0, close);
    }

    private void start(String head, FileChannel f, long size, boolean close) {
        ByteBuffer header = ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1));
        response = (f == null ? FileSend.builder() : FileSend.builder(f, 0, size)).headers(header).build();
        file = f;
        fileSize = size;
        closeAfter = close;
    }

    /** @return true when the response is complete, false when the socket is full */
    private boolean continueResponse() throws IOException {
        response.sendTo(channel);
        if (!response.isDone()) {
            return false;
        }
        if (response.fileBytesSent() < fileSize) {
            throw new IOException("file shrank while being sent");
        }
        if (file != null) {
            file.close();
            file = null;
        }
        response = null;
        return true;
    }

    void close() {
        try {
            if (file != null) {
                file.close();
            }
            channel.close();
        } catch (IOException ignored) {
            // Closing a dead connection: nothing left to tell anyone.
        }
    }

    static String reason(int status) {
        switch (status) {
            case 400:
                return "Bad Request";
            case 403:
                return "Forbidden";
            case 404:
                return "Not Found";
            case 405:
                return "Method Not Allowed";
            default:
                return "Error";
        }
    }

    static String contentType(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.lastIndexOf('.') >= 0 ? name.substring(name.lastIndexOf('.') + 1) : "";
        switch (ext) {
            case "html":
            case "htm":
                return "text/html; charset=utf-8";
            case "txt":
                return "text/plain; charset=utf-8";
            case "css":
                return "text/css";
            case "js":
                return "text/javascript";
            case "json":
                return "application/json";
            case "png":
                return "image/png";
            case "jpg":
            case "jpeg":
                return "image/jpeg";
            case "gif":
                return "image/gif";
            case "svg":
                return "image/svg+xml";
            case "pdf":
                return "application/pdf";
            default:
                return "application/octet-stream";
        }
    }

    static String httpDate(long millis) {
        SimpleDateFormat f = new SimpleDateFormat("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
        f.setTimeZone(TimeZone.getTimeZone("GMT"));
        return f.format(new Date(millis));
    }
}
