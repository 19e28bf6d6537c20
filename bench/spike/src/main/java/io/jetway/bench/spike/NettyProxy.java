package io.jetway.bench.spike;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * Prototype (d): Netty 4.2, the client's connection and the upstream connection on the same event
 * loop. An event loop thread reads a request, writes it to an upstream connection taken from its own
 * keep-alive pool (one pool per event loop, so no locks and no hand-off), and when the upstream's
 * bytes arrive the same thread writes them to the client: a request crosses no thread at all.
 * Epoll's native transport when it loads, else NIO; as many event loops as cores (property
 * {@code spike.netty.threads}).
 *
 * <p>Per client connection one exchange at a time (reading pauses until the answer is relayed: no
 * pipelining). The request is aggregated (HttpObjectAggregator, at most {@link Relay#MAX_BODY}); the
 * answer is not: each {@link HttpContent} is written as it comes and flushed when the upstream read
 * is complete, so a stream leaves chunk by chunk as it arrives (chunked to the client; JSON keeps its
 * Content-Length). Backpressure: the upstream stops being read while the client is not writable. A
 * pooled connection that turns out closed before any byte of the answer is replaced once by a new one.
 */
final class NettyProxy {

    private static final AttributeKey<Exchange> EXCHANGE = AttributeKey.valueOf("spike.exchange");

    private final Relay relay;
    private final boolean epoll;
    private final EventLoopGroup group;
    /** Idle upstream connections of the event loop that runs the caller (only ever used on that loop). */
    private final FastThreadLocal<ArrayDeque<Channel>> idle = new FastThreadLocal<>() {
        @Override
        protected ArrayDeque<Channel> initialValue() {
            return new ArrayDeque<>();
        }
    };

    private NettyProxy(Relay relay, boolean epoll, EventLoopGroup group) {
        this.relay = relay;
        this.epoll = epoll;
        this.group = group;
    }

    static NettyProxy start(String host, int port, Relay relay, int threads) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, io);
        NettyProxy proxy = new NettyProxy(relay, epoll, group);
        Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        new ServerBootstrap()
                .group(group)
                .channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(Relay.MAX_BODY),
                                proxy.new ClientHandler());
                    }
                })
                .bind(host, port).sync();
        System.err.println("netty: " + (epoll ? "epoll" : "nio (epoll unavailable: " + Epoll.unavailabilityCause() + ")")
                + ", " + threads + " event loops");
        return proxy;
    }

    /** One request relayed: the client's connection, the request for the upstream, what came back so far. */
    private static final class Exchange {
        final Channel client;
        final ClientHandler handler;
        final FullHttpRequest request;
        final boolean keepAlive;
        Channel upstream;
        boolean reused;
        boolean started;
        boolean informational;
        boolean upstreamKeepAlive;

        Exchange(Channel client, ClientHandler handler, FullHttpRequest request, boolean keepAlive) {
            this.client = client;
            this.handler = handler;
            this.request = request;
            this.keepAlive = keepAlive;
        }

        /** The request for the upstream is no longer needed (the answer began, or the exchange ended). */
        void releaseRequest() {
            if (request.refCnt() > 0) {
                request.release();
            }
        }
    }

    /** The client's side: a request in, an exchange out; reading pauses until it is answered. */
    private final class ClientHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        Exchange current;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (current != null) {
                ctx.close(); // a pipelined request (decoded from the same read as the one in progress): not served
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (!req.decoderResult().isSuccess()) {
                respond(ctx.channel(), HttpResponseStatus.BAD_REQUEST, Relay.error("Malformed request."), false);
                return;
            }
            String uri = req.uri();
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            if (!HttpMethod.POST.equals(req.method()) || !Relay.routed(path)) {
                respond(ctx.channel(), HttpResponseStatus.NOT_FOUND, Relay.notFound(req.method().name(), path), keepAlive);
                return;
            }
            FullHttpRequest up = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                    req.content().retainedDuplicate());
            for (Map.Entry<String, String> h : req.headers()) {
                if (Relay.forwarded(h.getKey())) {
                    up.headers().add(h.getKey(), h.getValue());
                }
            }
            up.headers().set(HttpHeaderNames.HOST, relay.hostHeader());
            up.headers().set(HttpHeaderNames.CONTENT_LENGTH, up.content().readableBytes());
            ctx.channel().config().setAutoRead(false); // one exchange at a time
            current = new Exchange(ctx.channel(), this, up, keepAlive);
            acquire(current);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            Exchange ex = current;
            if (ex != null && ex.upstream != null && ctx.channel().isWritable()) {
                ex.upstream.config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Exchange ex = current;
            current = null;
            if (ex != null) {
                // The client left mid-exchange: the upstream connection is in an unknown state.
                ex.releaseRequest();
                if (ex.upstream != null) {
                    ex.upstream.attr(EXCHANGE).set(null);
                    ex.upstream.close();
                }
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Sends the exchange's request on an idle pooled connection of this event loop, or on a new one. */
    private void acquire(Exchange ex) {
        ArrayDeque<Channel> pool = idle.get();
        for (Channel up; (up = pool.pollFirst()) != null; ) {
            if (up.isActive()) {
                send(up, ex, true);
                return;
            }
        }
        connect(ex);
    }

    private void connect(Exchange ex) {
        new Bootstrap()
                .group(ex.client.eventLoop()) // the client's event loop: no thread between the two sockets
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new UpstreamHandler());
                    }
                })
                .connect(relay.upstreamHost, relay.upstreamPort)
                .addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        send(f.channel(), ex, false);
                    } else {
                        fail(ex, "Could not connect to the upstream: " + f.cause().getMessage());
                    }
                });
    }

    private void send(Channel up, Exchange ex, boolean reused) {
        if (!ex.client.isActive()) {
            ex.releaseRequest();
            pool(up);
            return;
        }
        ex.upstream = up;
        ex.reused = reused;
        up.attr(EXCHANGE).set(ex);
        up.config().setAutoRead(true);
        up.writeAndFlush(ex.request.retainedDuplicate()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                f.channel().close(); // channelInactive decides: retry on a new connection or fail
            }
        });
    }

    private void pool(Channel up) {
        if (up.isActive()) {
            idle.get().offerFirst(up); // most recently used first
        }
    }

    /** Answers the client with an error (no byte of an answer was sent yet) and ends the exchange. */
    private void fail(Exchange ex, String message) {
        ex.releaseRequest();
        if (ex.handler.current == ex) {
            ex.handler.current = null;
        }
        if (ex.client.isActive()) {
            respond(ex.client, HttpResponseStatus.BAD_GATEWAY, Relay.error(message), ex.keepAlive);
        }
    }

    /** The end of a relayed answer: the upstream connection back to the pool, the client's next request. */
    private void finish(Exchange ex, ChannelFuture lastWrite) {
        Channel up = ex.upstream;
        up.attr(EXCHANGE).set(null);
        if (ex.upstreamKeepAlive) {
            pool(up);
        } else {
            up.close();
        }
        ex.handler.current = null;
        if (ex.keepAlive) {
            ex.client.config().setAutoRead(true);
        } else {
            lastWrite.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void respond(Channel client, HttpResponseStatus status, byte[] json, boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(json));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, json.length);
        if (!keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture f = client.writeAndFlush(res);
        if (keepAlive) {
            client.config().setAutoRead(true);
        } else {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The upstream's side: its answer's parts are written to the client of the exchange as they arrive. */
    private final class UpstreamHandler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Exchange ex = ctx.channel().attr(EXCHANGE).get();
            if (ex == null) {
                ReferenceCountUtil.release(msg);
                ctx.close(); // bytes nobody asked for: this connection is not reusable
                return;
            }
            if (msg instanceof HttpResponse r) {
                if (r.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                    ex.informational = true; // 100 Continue and the like: the real answer follows
                } else {
                    ex.informational = false;
                    ex.started = true;
                    ex.releaseRequest();
                    ex.upstreamKeepAlive = HttpUtil.isKeepAlive(r);
                    String type = r.headers().get(HttpHeaderNames.CONTENT_TYPE);
                    HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, r.status());
                    if (type != null) {
                        out.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
                    }
                    if (!Relay.isStream(type) && HttpUtil.isContentLengthSet(r)) {
                        out.headers().set(HttpHeaderNames.CONTENT_LENGTH, HttpUtil.getContentLength(r));
                    } else {
                        HttpUtil.setTransferEncodingChunked(out, true);
                    }
                    if (!ex.keepAlive) {
                        out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    }
                    ex.client.write(out);
                }
            }
            if (msg instanceof HttpContent c) {
                if (ex.informational) {
                    c.release();
                    return;
                }
                if (c instanceof LastHttpContent) {
                    finish(ex, ex.client.writeAndFlush(c));
                } else {
                    ex.client.write(c);
                    if (!ex.client.isWritable()) {
                        ctx.channel().config().setAutoRead(false); // until the client drained (channelWritabilityChanged)
                    }
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            Exchange ex = ctx.channel().attr(EXCHANGE).get();
            if (ex != null && ex.started) {
                ex.client.flush(); // what this read brought leaves now: a stream goes out as it arrives
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Exchange ex = ctx.channel().attr(EXCHANGE).getAndSet(null);
            if (ex == null) {
                idle.get().remove(ctx.channel()); // an idle pooled connection closed by the upstream
                return;
            }
            if (!ex.started) {
                if (ex.reused && ex.client.isActive()) {
                    connect(ex); // the upstream had closed the pooled connection before reading the request
                } else {
                    fail(ex, "The upstream closed the connection before answering.");
                }
                return;
            }
            // Mid-answer: the client sees a truncated answer.
            ex.handler.current = null;
            ex.client.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    void close() {
        group.shutdownGracefully();
    }
}
