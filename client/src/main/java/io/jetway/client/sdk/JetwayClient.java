package io.jetway.client.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Jetway's Java client: chat completions, plain, streamed and structured, with typed errors
 * ({@link JetwayException}), retries and timeouts. Thread-safe; make one and share it (it holds the
 * connection pool).
 *
 * <p><b>Retries</b> ({@link Builder#maxRetries}, default 2): a refused or broken connection, a timeout,
 * and the statuses 408, 409, 429 and 5xx are tried again, unless the answer says
 * {@code x-should-retry: false} (and {@code x-should-retry: true} retries any status). The pause is the
 * answer's {@code retry-after-ms} or {@code retry-after} (seconds or an HTTP date) when it is between 0
 * and 60 seconds, else an exponential backoff (0.5 s, 1 s, 2 s … up to 8 s, less up to a quarter of
 * jitter). A stream is retried only until its response headers arrive.
 *
 * <p><b>Timeouts</b>: see {@link Timeouts}. <b>Headers</b> of an answer: {@link #withRawResponse()}.
 *
 * <pre>{@code
 * JetwayClient client = JetwayClient.builder().baseUrl("http://127.0.0.1:8787")
 *         .options(PortkeyOptions.builder().provider("openai").providerKey(System.getenv("OPENAI_API_KEY")).build())
 *         .build();
 * ChatCompletion answer = client.chat(ChatRequest.builder().model("gpt-4o-mini").addUserMessage("Hi").build());
 * }</pre>
 */
public final class JetwayClient {

    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final URI chatUri;
    private final PortkeyOptions options;
    private final Map<String, String> headers;
    private final Timeouts timeouts;
    private final int maxRetries;
    private final Sleeper sleeper;
    private final Clock clock;
    private final RandomGenerator random;

    private JetwayClient(Builder b, HttpClient http) {
        this(
                http,
                b.mapper,
                URI.create(b.baseUrl + "/v1/chat/completions"),
                b.options,
                Map.copyOf(b.headers),
                b.timeouts,
                b.maxRetries,
                b.sleeper,
                b.clock,
                b.random);
    }

    private JetwayClient(
            HttpClient http,
            ObjectMapper mapper,
            URI chatUri,
            PortkeyOptions options,
            Map<String, String> headers,
            Timeouts timeouts,
            int maxRetries,
            Sleeper sleeper,
            Clock clock,
            RandomGenerator random) {
        this.http = http;
        this.mapper = mapper;
        this.chatUri = chatUri;
        this.options = options;
        this.headers = headers;
        this.timeouts = timeouts;
        this.maxRetries = maxRetries;
        this.sleeper = sleeper;
        this.clock = clock;
        this.random = random;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client sharing this one's connections and settings, with {@code more} laid over its options. */
    public JetwayClient withOptions(PortkeyOptions more) {
        return new JetwayClient(
                http, mapper, chatUri, options.merge(more), headers, timeouts, maxRetries, sleeper, clock, random);
    }

    /** The same calls, answering with the HTTP status and headers as well. */
    public WithRawResponse withRawResponse() {
        return new WithRawResponse();
    }

    /** A chat completion. */
    public ChatCompletion chat(ChatRequest request) {
        return withRawResponse().chat(request).value();
    }

    /** A chat completion whose content is read as the request's type. */
    public <T> StructuredChatCompletion<T> chat(StructuredChatRequest<T> request) {
        return withRawResponse().chat(request).value();
    }

    /** A streamed chat completion ({@code stream: true}); close what it returns. */
    public ChatCompletionChunkStream chatStream(ChatRequest request) {
        return withRawResponse().chatStream(request).value();
    }

    /** {@link JetwayClient}'s calls with the status and headers of their answers. */
    public final class WithRawResponse {

        private WithRawResponse() {}

        public RawResponse<ChatCompletion> chat(ChatRequest request) {
            Patience patience = new Patience(timeouts.read());
            RawResponse<InputStream> raw = send(request, false, patience);
            String body;
            try (InputStream in = raw.value()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (HttpTimeoutException e) {
                throw new JetwayTimeoutException("the answer did not arrive in time", e);
            } catch (IOException e) {
                throw new JetwayIoException("reading the answer failed", e);
            }
            JsonNode tree;
            try {
                tree = mapper.readTree(body);
            } catch (IOException e) {
                throw new JetwayInvalidDataException("the answer is not JSON", body, e);
            }
            if (!(tree instanceof ObjectNode json)) {
                throw new JetwayInvalidDataException("the answer is not a JSON object", body, null);
            }
            return raw.withValue(ChatCompletion.read(json, mapper, body));
        }

        public <T> RawResponse<StructuredChatCompletion<T>> chat(StructuredChatRequest<T> request) {
            RawResponse<ChatCompletion> raw = chat(request.request());
            return raw.withValue(new StructuredChatCompletion<>(raw.value(), request.type(), mapper));
        }

        public RawResponse<ChatCompletionChunkStream> chatStream(ChatRequest request) {
            Patience patience = new Patience(timeouts.read());
            RawResponse<InputStream> raw = send(request, true, patience);
            patience.deadline = null;
            return raw.withValue(new ChatCompletionChunkStream(raw.value(), mapper, raw.traceId()));
        }
    }

    /** The first answer with a 2xx status, after retries; its body not read yet. */
    private RawResponse<InputStream> send(ChatRequest request, boolean stream, Patience patience) {
        byte[] body = request.toJson(mapper, stream);
        Map<String, String> sent =
                new LinkedHashMap<>(options.merge(request.options()).toHeaders());
        sent.putAll(headers);
        sent.putAll(request.headers());
        Instant deadline = clock.instant().plus(timeouts.request());
        patience.deadline = deadline;
        for (int attempt = 0; ; attempt++) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new JetwayTimeoutException(
                        "the call took longer than the request timeout of " + timeouts.request(),
                        new HttpTimeoutException("request timeout"));
            }
            HttpRequest.Builder http = HttpRequest.newBuilder(chatUri)
                    .timeout(min(timeouts.read(), left))
                    .header("Content-Type", "application/json")
                    .header("Accept", stream ? "text/event-stream" : "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            sent.forEach(http::setHeader);
            JetwayException failure;
            HttpHeaders answerHeaders = null;
            try {
                HttpResponse<InputStream> response = this.http.send(http.build(), BodyInputStream.handler(patience));
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return new RawResponse<>(status, response.headers(), attempt, response.body());
                }
                answerHeaders = response.headers();
                String text;
                try (InputStream in = response.body()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                failure = JetwayServiceException.of(status, response.headers(), text, mapper);
            } catch (HttpConnectTimeoutException e) {
                failure = new JetwayTimeoutException(
                        "no connection to " + chatUri.getAuthority() + " within " + timeouts.connect(), e);
            } catch (HttpTimeoutException e) {
                failure = new JetwayTimeoutException("no answer within the read timeout of " + timeouts.read(), e);
            } catch (IOException e) {
                failure = new JetwayIoException("the call to " + chatUri + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JetwayIoException("interrupted", new InterruptedIOException(e.getMessage()));
            }
            if (attempt >= maxRetries || !retryable(failure, answerHeaders)) {
                throw failure;
            }
            Duration pause = pause(answerHeaders, attempt);
            if (clock.instant().plus(pause).isAfter(deadline)) {
                throw failure;
            }
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.addSuppressed(e);
                throw failure;
            }
        }
    }

    private static boolean retryable(JetwayException failure, HttpHeaders answer) {
        Optional<String> should = answer == null ? Optional.empty() : answer.firstValue("x-should-retry");
        if (should.isPresent() && (should.get().equals("true") || should.get().equals("false"))) {
            return should.get().equals("true");
        }
        if (failure instanceof JetwayServiceException s) {
            int status = s.status();
            return status == 408 || status == 409 || status == 429 || status >= 500;
        }
        return failure instanceof JetwayIoException;
    }

    /** The pause before the retry after {@code retriesSoFar} retries. */
    Duration pause(HttpHeaders answer, int retriesSoFar) {
        Duration asked = answer == null ? null : retryAfter(answer);
        if (asked != null && !asked.isNegative() && asked.compareTo(MAX_RETRY_AFTER) <= 0) {
            return asked;
        }
        double seconds = Math.min(0.5 * Math.pow(2, retriesSoFar), 8.0);
        double jitter = 1.0 - 0.25 * random.nextDouble();
        return Duration.ofNanos((long) (seconds * jitter * 1e9));
    }

    private Duration retryAfter(HttpHeaders answer) {
        Optional<String> ms = answer.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Duration.ofNanos((long) (Double.parseDouble(ms.get().trim()) * 1e6));
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        Optional<String> after = answer.firstValue("retry-after");
        if (after.isEmpty()) {
            return null;
        }
        String v = after.get().trim();
        try {
            return Duration.ofNanos((long) (Double.parseDouble(v) * 1e9));
        } catch (NumberFormatException notSeconds) {
            try {
                return Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** How long the next piece of a body may take: the read timeout, and no later than the deadline while one is set. */
    private final class Patience implements java.util.function.Supplier<Duration> {
        private final Duration read;
        volatile Instant deadline;

        Patience(Duration read) {
            this.read = read;
        }

        @Override
        public Duration get() {
            Instant d = deadline;
            return d == null ? read : min(read, Duration.between(clock.instant(), d));
        }
    }

    /** Builder; every setting has a default. */
    public static final class Builder {
        private String baseUrl = "http://127.0.0.1:8787";
        private PortkeyOptions options = PortkeyOptions.none();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Timeouts timeouts = Timeouts.DEFAULTS;
        private int maxRetries = 2;
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = RandomGenerator.getDefault();
        private HttpClient httpClient;
        private final ObjectMapper mapper = Json.lenientMapper();

        private Builder() {}

        /** The gateway's root, e.g. {@code http://127.0.0.1:8787} (the default). */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            return this;
        }

        /** Routing options of every call (provider, key, config …); each call may lay its own over them. */
        public Builder options(PortkeyOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** A header sent on every call. */
        public Builder putHeader(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Connect, read and overall timeouts; default {@link Timeouts#DEFAULTS}. */
        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /** How many times a failed call is tried again (default 2; 0 for none). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be 0 or more, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** What waits between retries (tests record instead of waiting). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The clock of the overall timeout and of {@code retry-after} dates. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The source of the backoff's jitter. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** An HTTP client of your own (proxy, TLS, executor); its connect timeout then applies instead of ours. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        public JetwayClient build() {
            HttpClient client = httpClient != null
                    ? httpClient
                    : HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(timeouts.connect())
                            .build();
            return new JetwayClient(this, client);
        }
    }
}
