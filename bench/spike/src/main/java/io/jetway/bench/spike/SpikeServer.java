package io.jetway.bench.spike;

import java.net.URI;

/**
 * Starts one of the spike's passthrough proxies (bench/README.md, "The server decision: a spike"):
 *
 * <pre>
 *   java -cp … io.jetway.bench.spike.SpikeServer SERVER PORT UPSTREAM
 *   SERVER    helidon | helidon-socket | helidon-async   (a) and (e): Helidon 4.5 + Jetway's upstream client
 *             platform                                   (b): blocking server, platform thread per connection
 *             virtual                                    (c): the same, virtual thread per connection
 *             netty                                      (d): Netty 4.2, upstream on the client's event loop
 *   UPSTREAM  e.g. http://127.0.0.1:18080 (the benchmark's nginx)
 * </pre>
 *
 * It listens on 127.0.0.1 and relays {@code POST /v1/chat/completions} and
 * {@code POST /sse/v1/chat/completions} to the same paths upstream until it is stopped.
 */
public final class SpikeServer {

    private SpikeServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: SpikeServer helidon|helidon-socket|helidon-async|platform|virtual|netty PORT UPSTREAM-URL");
            System.exit(2);
        }
        String server = args[0];
        int port = Integer.parseInt(args[1]);
        Relay relay = new Relay(URI.create(args[2]));
        String host = "127.0.0.1";
        switch (server) {
            case "helidon" -> HelidonProxy.start(host, port, relay, HelidonProxy.Variant.DEFAULT);
            case "helidon-socket" -> HelidonProxy.start(host, port, relay, HelidonProxy.Variant.SOCKET);
            case "helidon-async" -> HelidonProxy.start(host, port, relay, HelidonProxy.Variant.ASYNC);
            case "platform" -> BlockingProxy.start(host, port, relay, Thread.ofPlatform().name("conn-", 0).factory());
            case "virtual" -> BlockingProxy.start(host, port, relay, Thread.ofVirtual().name("conn-", 0).factory());
            case "netty" -> NettyProxy.start(host, port, relay,
                    Integer.getInteger("spike.netty.threads", Runtime.getRuntime().availableProcessors()));
            default -> {
                System.err.println("unknown server " + server);
                System.exit(2);
            }
        }
        System.err.println("spike: " + server + " listening on " + host + ":" + port + ", upstream " + args[2]);
        // The servers' own threads (non-daemon) keep the JVM running until it is stopped.
    }
}
