package io.jetway.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jetway.gateway.core.Effects;
import io.jetway.gateway.observability.Observability;
import io.jetway.gateway.server.GatewayServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the gateway's AOT cache (JDK 25+, JEP 483/514/515), which {@code ./jetway build}
 * runs as {@code java -XX:AOTCacheOutput=<jar>.aot -cp <jar> io.jetway.gateway.AotTraining}: the JVM
 * records the classes loaded and linked and the method profiles of this run, and later starts of the
 * gateway ({@code -XX:AOTCache=<jar>.aot}) begin with them instead of loading, verifying and profiling
 * everything again.
 *
 * <p>It starts the gateway exactly as {@link Main} does (settings and observability from an
 * environment, {@link GatewayAssembly#start}), on a free loopback port with a temporary SQLite store, in
 * front of a tiny upstream served by this class (the JDK's {@code com.sun.net.httpserver}) that answers
 * like OpenAI's Chat Completions and Anthropic's Messages API, JSON and streams. It then sends the
 * requests users send first (both providers, JSON and stream, a config with retries and the cache, the
 * usual refusals, {@code /health}, {@code /metrics}), stops and deletes the store. Nothing leaves the
 * machine. A wrong answer fails the run (exit 1), so a training that no longer exercises the real
 * path is noticed.
 */
public final class AotTraining {

    /** Rounds of the request mix: enough for the JIT to profile the request path. */
    static final int DEFAULT_ROUNDS = 40;

    private static final String OPENAI_JSON = """
            {"id":"chatcmpl-train","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I help?","refusal":null},\
            "logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":6,"total_tokens":15}}""";
    private static final String ANTHROPIC_JSON = """
            {"id":"msg_train","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022",\
            "content":[{"type":"text","text":"Hello! How can I help?"}],"stop_reason":"end_turn","stop_sequence":null,\
            "usage":{"input_tokens":9,"output_tokens":6}}""";

    private AotTraining() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_ROUNDS;
        try {
            int sent = run(rounds);
            System.out.println("jetway: AOT training: " + sent + " requests answered as expected");
        } catch (RuntimeException | IOException e) {
            System.err.println("jetway: AOT training failed: " + e);
            System.exit(1);
        }
        // Helidon and the store leave no thread that must finish: end now, the JVM then writes the cache.
        System.exit(0);
    }

    /**
     * Runs the workload; returns the number of requests sent.
     *
     * @throws IllegalStateException when an answer is not the expected one
     */
    static int run(int rounds) throws IOException {
        Path dir = Files.createTempDirectory("jetway-aot-training");
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", AotTraining::answer);
        upstream.start();
        try {
            Map<String, String> env = Map.of(
                    "HOST", "127.0.0.1",
                    "PORT", "0",
                    "TRUSTED_CUSTOM_HOSTS", "127.0.0.1",
                    "JETWAY_DATABASE_URL", "jdbc:sqlite:" + dir.resolve("jetway.db"));
            GatewaySettings settings = GatewaySettings.fromEnv(env);
            Observability observability = Observability.fromEnv(env);
            try (GatewayServer server = GatewayAssembly.start(settings, Effects.system(), observability)) {
                return requests(server.port(), upstream.getAddress().getPort(), rounds);
            }
        } finally {
            upstream.stop(0);
            delete(dir);
        }
    }

    private static int requests(int port, int upstreamPort, int rounds) {
        String host = "http://127.0.0.1:" + upstreamPort + "/v1";
        String openAi = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful "
                + "assistant.\"},{\"role\":\"user\",\"content\":\"Hello! Say something short.\"}],\"max_tokens\":64}";
        String openAiStream = openAi.replace("{\"model\"", "{\"stream\":true,\"model\"");
        String claude = openAi.replace("gpt-4o-mini", "claude-3-5-haiku-20241022");
        String claudeStream = openAiStream.replace("gpt-4o-mini", "claude-3-5-haiku-20241022");
        String cachedConfig = "{\"strategy\":{\"mode\":\"fallback\"},\"retry\":{\"attempts\":2},"
                + "\"cache\":{\"mode\":\"simple\",\"max_age\":60},"
                + "\"targets\":[{\"provider\":\"openai\",\"api_key\":\"sk-train\",\"custom_host\":\"" + host + "\"}]}";
        int sent = 0;
        for (int round = 0; round < rounds; round++) {
            sent += expect(chat(port, openAi, "openai", host, Map.of()), 200, "\"chat.completion\"");
            sent += expect(chat(port, openAiStream, "openai", host, Map.of()), 200, "[DONE]");
            sent += expect(chat(port, claude, "anthropic", host, Map.of()), 200, "\"chat.completion\"");
            sent += expect(chat(port, claudeStream, "anthropic", host, Map.of()), 200, "[DONE]");
            if (round % 10 == 0) {
                sent += expect(
                        chat(port, openAi, null, null, Map.of("x-portkey-config", cachedConfig)),
                        200,
                        "\"chat.completion\"");
                sent += expect(
                        chat(port, "{\"model\":\"gpt-4o-mini\",\"messages\":\"hello\"}", "openai", host, Map.of()),
                        400,
                        "error");
                sent += expect(chat(port, openAi, "no-such-provider", host, Map.of()), 400, "error");
                sent += expect(call(port, "GET", "/health", null, Map.of()), 200, "");
                sent += expect(call(port, "GET", "/metrics", null, Map.of()), 200, "jetway");
                sent += expect(call(port, "GET", "/nowhere", null, Map.of()), 404, "error"); // /v1/* passes through
            }
        }
        return sent;
    }

    private record Answer(int status, String body) {}

    private static int expect(Answer answer, int status, String marker) {
        if (answer.status() != status || !answer.body().contains(marker)) {
            throw new IllegalStateException("expected " + status + " with '" + marker + "', got " + answer.status()
                    + ": "
                    + answer.body().substring(0, Math.min(300, answer.body().length())));
        }
        return 1;
    }

    private static Answer chat(int port, String body, String provider, String customHost, Map<String, String> extra) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(extra);
        if (provider != null) {
            headers.put("x-portkey-provider", provider);
            headers.put("authorization", "Bearer sk-train");
            headers.put("x-portkey-custom-host", customHost);
        }
        return call(port, "POST", "/v1/chat/completions", body, headers);
    }

    private static Answer call(int port, String method, String path, String body, Map<String, String> headers) {
        try {
            HttpURLConnection c = (HttpURLConnection)
                    URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
            c.setRequestMethod(method);
            headers.forEach(c::setRequestProperty);
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("content-type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    /** The fake upstream: OpenAI's or Anthropic's answer by path, a stream when the request asked for one. */
    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean anthropic = exchange.getRequestURI().getPath().endsWith("/messages");
            boolean stream = request.contains("\"stream\":true");
            String body = stream
                    ? (anthropic ? anthropicStream() : openAiStream())
                    : (anthropic ? ANTHROPIC_JSON : OPENAI_JSON);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", stream ? "text/event-stream" : "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static String openAiStream() {
        StringBuilder sse = new StringBuilder();
        String head = "data: {\"id\":\"chatcmpl-train\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":";
        sse.append(head).append("{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        for (String word : List.of("Hello", "! How", " can", " I", " help?")) {
            sse.append(head).append("{\"content\":\"").append(word).append("\"},\"finish_reason\":null}]}\n\n");
        }
        sse.append(head).append("{},\"finish_reason\":\"stop\"}]}\n\n");
        return sse.append("data: [DONE]\n\n").toString();
    }

    private static String anthropicStream() {
        StringBuilder sse = new StringBuilder();
        event(
                sse,
                "message_start",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_train\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-3-5-haiku-20241022\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}");
        event(
                sse,
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        event(sse, "ping", "{\"type\":\"ping\"}");
        for (String word : List.of("Hello", "! How", " can", " I", " help?")) {
            event(
                    sse,
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":" + "{\"type\":\"text_delta\",\"text\":\""
                            + word + "\"}}");
        }
        event(sse, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        event(
                sse,
                "message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":6}}");
        event(sse, "message_stop", "{\"type\":\"message_stop\"}");
        return sse.toString();
    }

    private static void event(StringBuilder sse, String name, String data) {
        sse.append("event: ")
                .append(name)
                .append('\n')
                .append("data: ")
                .append(data)
                .append("\n\n");
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
