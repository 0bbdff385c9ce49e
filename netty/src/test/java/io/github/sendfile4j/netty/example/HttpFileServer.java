package io.github.sendfile4j.netty.example;

import io.github.sendfile4j.netty.FileSendRegion;
import io.github.sendfile4j.netty.HeadMergingHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Netty HTTP static file server that sends each response head and its file range as one region: GET, HEAD,
 * keep-alive and a single {@code Range}. Netty's own {@code HttpServerCodec} encodes the head;
 * {@link HeadMergingHandler}, first in the pipeline, joins it to the {@link FileSendRegion}. The README shows
 * it; {@code HttpFileServerTest} runs it as written.
 */
public final class HttpFileServer extends ChannelInitializer<SocketChannel> {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private final Path root;

    /** @param root the directory served (file names only: no subdirectories, no dot segments) */
    public HttpFileServer(Path root) {
        this.root = root;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(new HeadMergingHandler(), new HttpServerCodec(), new SimpleChannelInboundHandler<HttpObject>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) throws IOException {
                if (msg instanceof HttpRequest) {
                    respond(ctx, (HttpRequest) msg);
                }
            }
        });
    }

    private void respond(ChannelHandlerContext ctx, HttpRequest request) throws IOException {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String name = request.uri().substring(1);
        Path file = root.resolve(name);
        if (!(request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))
                || name.isEmpty() || name.contains("/") || name.startsWith(".") || !Files.isRegularFile(file)) {
            HttpResponse notFound = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);
            notFound.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            finish(ctx.writeAndFlush(notFound), keepAlive);
            return;
        }
        long size = Files.size(file);
        long start = 0;
        long end = size; // exclusive
        HttpResponseStatus status = HttpResponseStatus.OK;
        Matcher range = RANGE.matcher(request.headers().get(HttpHeaderNames.RANGE, ""));
        if (range.matches() && Long.parseLong(range.group(1)) < size) {
            start = Long.parseLong(range.group(1));
            end = range.group(2).isEmpty() ? size : Math.min(size, Long.parseLong(range.group(2)) + 1);
            status = HttpResponseStatus.PARTIAL_CONTENT;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, end - start)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM)
                .set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        if (status == HttpResponseStatus.PARTIAL_CONTENT) {
            head.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes " + start + "-" + (end - 1) + "/" + size);
        }
        HttpUtil.setKeepAlive(head, keepAlive);
        ctx.write(head);
        if (!request.method().equals(HttpMethod.HEAD)) {
            // The region opens the file and closes it when Netty releases the region.
            ctx.write(FileSendRegion.builder(file, start, end - start).channel(ctx.channel()).build());
        }
        finish(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive);
    }

    private static void finish(ChannelFuture written, boolean keepAlive) {
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
