package io.github.sendfile4j.netty;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A Netty server on 127.0.0.1 on the transport a test names ({@code nio} or {@code epoll}; a test on epoll is
 * skipped, saying why, where the native transport does not load), stopped by {@link #close()}.
 */
final class LoopbackServer implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    /** The port it listens on. */
    final int port;

    /**
     * @param transport      {@code nio} or {@code epoll}
     * @param workerThreads  event loop threads for the accepted channels
     * @param childHandler   sets up each accepted channel
     */
    LoopbackServer(String transport, int workerThreads, ChannelInitializer<SocketChannel> childHandler) {
        Class<? extends ServerChannel> type;
        if (transport.equals("epoll")) {
            assumeTrue(Epoll.isAvailable(), "epoll transport not available: " + Epoll.unavailabilityCause());
            boss = new EpollEventLoopGroup(1);
            workers = new EpollEventLoopGroup(workerThreads);
            type = EpollServerSocketChannel.class;
        } else {
            boss = new NioEventLoopGroup(1);
            workers = new NioEventLoopGroup(workerThreads);
            type = NioServerSocketChannel.class;
        }
        Channel server = new ServerBootstrap().group(boss, workers).channel(type).childHandler(childHandler)
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Stops both event loop groups, waiting up to 10 s for each. */
    @Override
    public void close() throws InterruptedException {
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }
}
