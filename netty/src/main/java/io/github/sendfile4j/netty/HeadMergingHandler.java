package io.github.sendfile4j.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Joins the bytes written just before a {@link FileSendRegion} to the region, so that they go out in the
 * region's first system call: with Netty's HTTP codec, a handler writes an {@code HttpResponse} (with a
 * {@code Content-Length}), then the region, then {@code LastHttpContent.EMPTY_LAST_CONTENT}; the codec
 * encodes the response head into a buffer, and this handler, placed between the codec and the socket
 * ({@code pipeline.addFirst(new HeadMergingHandler())}), puts that buffer in front of the region's headers:
 * head and file leave as one {@code sendmsg(MSG_MORE)} and one {@code sendfile}, where
 * {@code DefaultFileRegion} sends them apart.
 *
 * <p>It holds at most one buffer per channel, and only between two writes: anything but a region that has not
 * started sending makes it write the held buffer first, in order, as does a flush, a close or the handler's
 * removal. The held buffer's promise completes with the region's write.
 */
public final class HeadMergingHandler extends ChannelDuplexHandler {
    private ByteBuf held;
    private ChannelPromise heldPromise;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf && ((ByteBuf) msg).isReadable() && held == null) {
            held = (ByteBuf) msg;
            heldPromise = promise;
            return;
        }
        if (msg instanceof FileSendRegion && held != null && ((FileSendRegion) msg).transferred() == 0) {
            FileSendRegion region = (FileSendRegion) msg;
            region.prependHeader(held);
            ChannelPromise headPromise = heldPromise;
            held = null;
            heldPromise = null;
            ctx.write(region, promise).addListener(f -> {
                if (f.isSuccess()) {
                    headPromise.trySuccess();
                } else {
                    headPromise.tryFailure(f.cause());
                }
            });
            return;
        }
        writeHeld(ctx);
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writeHeld(ctx);
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        writeHeld(ctx);
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        writeHeld(ctx);
    }

    private void writeHeld(ChannelHandlerContext ctx) {
        if (held != null) {
            ByteBuf b = held;
            ChannelPromise p = heldPromise;
            held = null;
            heldPromise = null;
            ctx.write(b, p);
        }
    }
}
