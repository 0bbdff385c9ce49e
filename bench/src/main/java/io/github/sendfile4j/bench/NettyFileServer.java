package io.github.sendfile4j.bench;

import io.github.sendfile4j.netty.FileSendRegion;
import io.github.sendfile4j.netty.HeadMergingHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A static file server on Netty, for bench/scripts/serve-vs-nginx.sh (the Netty column) and
 * bench/scripts/netty.sh (Netty's own region against sendfile4j's). Each GET opens the file and writes the
 * head and then the file, keeping the connection alive: with {@code --region netty} (the default) the way
 * Netty's own examples serve files, the head as a buffer and the file as a {@link DefaultFileRegion}; with
 * {@code --region sendfile4j} the file as a {@link FileSendRegion} that {@link HeadMergingHandler} joins the
 * head to. The transport is native epoll when it loads, else NIO, unless {@code --transport} says. Not part of
 * the library; a benchmark peer only.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.sendfile4j.bench.NettyFileServer ROOT PORT [THREADS]
 * [--transport nio|epoll] [--region netty|sendfile4j]} (THREADS 0, the default, is Netty's own default of two
 * per core).
 */
public final class NettyFileServer {
    private NettyFileServer() {}

    /**
     * Serves ROOT on 127.0.0.1:PORT until killed.
     *
     * @param args ROOT PORT [THREADS] [--transport nio|epoll] [--region netty|sendfile4j]
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        List<String> positional = new ArrayList<>();
        String transport = Epoll.isAvailable() ? "epoll" : "nio";
        String region = "netty";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--transport") && i + 1 < args.length) {
                transport = args[++i];
            } else if (args[i].equals("--region") && i + 1 < args.length) {
                region = args[++i];
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() < 2 || positional.size() > 3 || !transport.matches("nio|epoll")
                || !region.matches("netty|sendfile4j")) {
            System.err.println("usage: NettyFileServer ROOT PORT [THREADS] [--transport nio|epoll]"
                    + " [--region netty|sendfile4j]");
            System.exit(2);
        }
        Path root = Paths.get(positional.get(0)).toAbsolutePath().normalize();
        int port = Integer.parseInt(positional.get(1));
        int threads = positional.size() == 3 ? Integer.parseInt(positional.get(2)) : 0;
        boolean epoll = transport.equals("epoll");
        if (epoll) {
            Epoll.ensureAvailability();
        }
        boolean sendfile4j = region.equals("sendfile4j");
        EventLoopGroup group = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        try {
            Channel server = new ServerBootstrap().group(group).channel(type)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (sendfile4j) {
                                ch.pipeline().addLast(new HeadMergingHandler());
                            }
                            ch.pipeline().addLast(new HttpServerCodec(), new FileHandler(root, sendfile4j));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            System.out.println("netty " + transport + ", " + (sendfile4j ? "FileSendRegion" : "DefaultFileRegion")
                    + " serving " + root + " on 127.0.0.1:" + port);
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Answers each request with the file it names under the root, or 404/405. */
    private static final class FileHandler extends SimpleChannelInboundHandler<HttpRequest> {
        private final Path root;
        private final boolean sendfile4j;

        FileHandler(Path root, boolean sendfile4j) {
            this.root = root;
            this.sendfile4j = sendfile4j;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (!HttpMethod.GET.equals(request.method())) {
                fail(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, keepAlive);
                return;
            }
            String uri = request.uri();
            int query = uri.indexOf('?');
            Path file = root.resolve((query < 0 ? uri : uri.substring(0, query)).replaceFirst("^/+", "")).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                fail(ctx, HttpResponseStatus.NOT_FOUND, keepAlive);
                return;
            }
            RandomAccessFile raf;
            long length;
            try {
                raf = new RandomAccessFile(file.toFile(), "r");
                length = raf.length();
            } catch (IOException e) {
                fail(ctx, HttpResponseStatus.NOT_FOUND, keepAlive);
                return;
            }
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpUtil.setContentLength(head, length);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
            HttpUtil.setKeepAlive(head, keepAlive);
            ctx.write(head);
            if (sendfile4j) {
                try {
                    ctx.write(FileSendRegion.builder(raf.getChannel(), 0, length).channel(ctx.channel()).build())
                            .addListener(f -> raf.close());
                } catch (IOException e) {
                    ctx.close();
                    return;
                }
            } else {
                ctx.write(new DefaultFileRegion(raf.getChannel(), 0, length)); // closes the file once sent
            }
            var last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                last.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static void fail(ChannelHandlerContext ctx, HttpResponseStatus status, boolean keepAlive) {
            DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
            HttpUtil.setContentLength(response, 0);
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
