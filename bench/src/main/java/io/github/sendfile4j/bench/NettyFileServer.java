package io.github.sendfile4j.bench;

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

/**
 * The Netty column of the serve comparison (bench/scripts/serve-vs-nginx.sh): a static file server written the
 * way Netty's own examples serve files, on its best transport here (native epoll when it loads, else NIO). Each
 * GET opens the file, writes the head and a {@link DefaultFileRegion} (sendfile underneath), and keeps the
 * connection alive. Not part of the library; a benchmark peer only.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.sendfile4j.bench.NettyFileServer ROOT PORT [THREADS]}
 * (THREADS 0, the default, is Netty's own default of two per core).
 */
public final class NettyFileServer {
    private NettyFileServer() {}

    /**
     * Serves ROOT on 127.0.0.1:PORT until killed.
     *
     * @param args ROOT PORT [THREADS]
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: NettyFileServer ROOT PORT [THREADS]");
            System.exit(2);
        }
        Path root = Paths.get(args[0]).toAbsolutePath().normalize();
        int port = Integer.parseInt(args[1]);
        int threads = args.length == 3 ? Integer.parseInt(args[2]) : 0;
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        try {
            Channel server = new ServerBootstrap().group(group).channel(type)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new FileHandler(root));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            System.out.println("netty " + (epoll ? "epoll" : "nio") + " serving " + root + " on 127.0.0.1:" + port);
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Answers each request with the file it names under the root, or 404/405. */
    private static final class FileHandler extends SimpleChannelInboundHandler<HttpRequest> {
        private final Path root;

        FileHandler(Path root) {
            this.root = root;
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
            ctx.write(new DefaultFileRegion(raf.getChannel(), 0, length)); // closes the file once sent
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
