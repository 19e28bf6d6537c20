package io.jetway.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.speech.SpeechModel;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.moderations.ModerationCreateParams;
import com.openai.models.moderations.ModerationCreateResponse;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.fake.RecordedRequest;
import io.jetway.contract.support.GatewayHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rest of OpenAI's API ({@code /v1/files}, {@code /v1/audio/speech}, {@code /v1/responses},
 * {@code /v1/moderations} …) passes through the gateway to OpenAI-format providers, through the
 * official OpenAI Java SDK: bodies both ways unread and unbuffered, credentials and custom hosts
 * checked as for chat.
 */
class PassthroughEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static GatewayHarness gw;
    static OpenAIClient openai;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start();
        openai = client(gw, "openai");
    }

    static OpenAIClient client(GatewayHarness gateway, String provider) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(gateway.url() + "/v1")
                .apiKey(GatewayHarness.PROVIDER_KEY)
                .putHeader("x-portkey-provider", provider)
                .putHeader("x-portkey-custom-host", gateway.upstreamV1())
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        openai.close();
        gw.close();
    }

    @BeforeEach
    void reset() {
        gw.upstream().reset();
    }

    @Test
    void aMultipartFileUploadReachesTheProviderAsSentAndItsAnswerComesBack() {
        gw.upstream().enqueue(FakeResponse.json(200, """
                {"id":"file-abc","object":"file","bytes":11,"created_at":1,"filename":"batch.jsonl",\
                "purpose":"batch","status":"processed"}"""));
        byte[] content = "{\"a\":1}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8);

        FileObject file = openai.files()
                .create(FileCreateParams.builder()
                        .file(content)
                        .purpose(FilePurpose.BATCH)
                        .build());

        assertThat(file.id()).isEqualTo("file-abc");
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/files");
        assertThat(sent.header("content-type")).startsWith("multipart/form-data; boundary=");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + GatewayHarness.PROVIDER_KEY);
        assertThat(sent.headerNames()).noneMatch(h -> h.toLowerCase().startsWith("x-portkey-"));
        String body = sent.bodyText();
        assertThat(body).contains("name=\"purpose\"").contains("batch").contains("{\"a\":1}\n{\"b\":2}\n");
    }

    @Test
    // Deprecated in the OpenAI SDK, still accepted by the API: the contract covers it.
    @SuppressWarnings("deprecation")
    void speechComesBackAsTheProvidersBytesUnchanged() throws IOException {
        byte[] audio = new byte[70_000];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) (i * 31 + 7);
        }
        gw.upstream().enqueue(FakeResponse.bytes(200, "audio/mpeg", audio));

        byte[] got;
        try (com.openai.core.http.HttpResponse res = openai.audio()
                .speech()
                .create(SpeechCreateParams.builder()
                        .model(SpeechModel.TTS_1)
                        .input("Hello")
                        .voice("alloy")
                        .build())) {
            assertThat(res.headers().values("content-type")).containsExactly("audio/mpeg");
            got = res.body().readAllBytes();
        }

        assertThat(got).isEqualTo(audio);
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/audio/speech");
        assertThat(sent.bodyJson().path("voice").asText()).isEqualTo("alloy");
    }

    @Test
    void aStreamedResponseArrivesEventByEventThroughTheSdk() {
        gw.upstream()
                .enqueue(FakeResponse.chunked(
                        200, "text/event-stream", List.of(delta(1, "Hel"), delta(2, "lo"), delta(3, "!"))));

        StringBuilder text = new StringBuilder();
        try (StreamResponse<ResponseStreamEvent> stream = openai.responses()
                .createStreaming(ResponseCreateParams.builder()
                        .model("gpt-4.1-mini")
                        .input("Say hello")
                        .build())) {
            stream.stream().forEach(e -> e.outputTextDelta().ifPresent(d -> text.append(d.delta())));
        }

        assertThat(text).hasToString("Hello!");
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/responses");
        assertThat(sent.bodyJson().path("stream").asBoolean()).isTrue();
    }

    private static byte[] delta(int seq, String text) {
        return ("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"item_id\":"
                        + "\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + text + "\",\"logprobs\":[],"
                        + "\"sequence_number\":" + seq + "}\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aModerationIsAnsweredAsJsonAndCounted() throws Exception {
        gw.upstream().enqueue(FakeResponse.json(200, """
                {"id":"modr-1","model":"omni-moderation-latest","results":[{"flagged":true,\
                "categories":{},"category_scores":{}}]}"""));
        double before = moderationsCounted();

        ModerationCreateResponse moderation = openai.moderations()
                .create(ModerationCreateParams.builder().input("something").build());

        assertThat(moderation.id()).isEqualTo("modr-1");
        assertThat(moderation.results().getFirst().flagged()).isTrue();
        assertThat(gw.upstream().takeRequest().path()).isEqualTo("/v1/moderations");
        assertThat(moderationsCounted()).isEqualTo(before + 1);
    }

    /** jetway_passthrough_requests_total for openai's 200s on /v1/moderations (0 before the first). */
    private static double moderationsCounted() {
        for (String line : gw.raw("GET", "/metrics", null).send().body().split("\n")) {
            if (line.startsWith("jetway_passthrough_requests_total{")
                    && line.contains("endpoint=\"moderations\"")
                    && line.contains("provider=\"openai\"")
                    && line.contains("status=\"200\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    void aLargeUploadReachesTheProviderWhileTheClientIsStillSendingIt() throws Exception {
        long size = 20L * 1024 * 1024;
        try (ServerSocket provider = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CountDownLatch firstMegabyte = new CountDownLatch(1);
            AtomicLong received = new AtomicLong();
            CompletableFuture<String> head = CompletableFuture.supplyAsync(() -> {
                try (Socket s = provider.accept()) {
                    InputStream in = s.getInputStream();
                    String h = readHead(in);
                    byte[] buf = new byte[64 * 1024];
                    while (received.get() < size) {
                        int n = in.read(buf);
                        if (n < 0) {
                            break;
                        }
                        if (received.addAndGet(n) >= 1024 * 1024) {
                            firstMegabyte.countDown();
                        }
                    }
                    s.getOutputStream()
                            .write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                            + "Content-Length: 18\r\n\r\n{\"id\":\"file-big\"}\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    return h;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (Socket client = new Socket("127.0.0.1", port(gw))) {
                OutputStream out = client.getOutputStream();
                out.write(("POST /v1/files HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                                + "x-portkey-provider: openai\r\nAuthorization: Bearer " + GatewayHarness.PROVIDER_KEY
                                + "\r\n"
                                + "x-portkey-custom-host: http://127.0.0.1:" + provider.getLocalPort() + "/v1\r\n"
                                + "Content-Length: " + size + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] piece = new byte[1024 * 1024];
                java.util.Arrays.fill(piece, (byte) 'x');
                out.write(piece);
                out.write(piece);
                out.flush();
                // Two of twenty megabytes sent: a gateway that buffered the body would send the provider nothing yet.
                assertThat(firstMegabyte.await(5, TimeUnit.SECONDS))
                        .as("the provider received the first megabyte before the client sent the rest")
                        .isTrue();
                for (int i = 2; i < 20; i++) {
                    out.write(piece);
                }
                out.flush();
                String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).startsWith("HTTP/1.1 200 ").contains("{\"id\":\"file-big\"}\n");
            }
            assertThat(head.get(5, TimeUnit.SECONDS).toLowerCase())
                    .contains("post /v1/files http/1.1")
                    .contains("content-length: " + size)
                    .contains("authorization: bearer " + GatewayHarness.PROVIDER_KEY);
            assertThat(received.get()).isEqualTo(size);
        }
    }

    private static int port(GatewayHarness gateway) {
        return java.net.URI.create(gateway.url()).getPort();
    }

    /** The request's head, up to and including its blank line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the head ended early");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void anUploadOfUnknownLengthIsForwardedChunkedAndWhole() throws Exception {
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        gw.upstream().enqueue(FakeResponse.json(200, "{\"id\":\"upload-1\"}"));

        HttpResponse<String> res = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(gw.url() + "/v1/uploads/upload-1/parts?x=1"))
                                .header("x-portkey-provider", "openai")
                                .header("x-portkey-custom-host", gw.upstreamV1())
                                .header("authorization", "Bearer " + GatewayHarness.PROVIDER_KEY)
                                .header("content-type", "application/octet-stream")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                        () -> new java.io.ByteArrayInputStream(data)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"id\":\"upload-1\"}");
        RecordedRequest sent = gw.upstream().takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/uploads/upload-1/parts?x=1");
        assertThat(sent.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(sent.body()).isEqualTo(data);
    }

    @Test
    void aVirtualKeysStoredCredentialGoesOnlyToItsOwnHostAndTheRequestIsLogged() throws Exception {
        try (GatewayHarness admin = GatewayHarness.start(Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN))) {
            assertThat(admin.admin("POST", "/v1/admin/virtual-keys", """
                    {"id":"vk-files","provider":"openai","api_key":"sk-stored-1","custom_host":"%s"}""".formatted(admin.upstreamV1()))
                            .send()
                            .statusCode())
                    .isEqualTo(201);
            admin.upstream().enqueue(FakeResponse.json(200, "{\"object\":\"list\",\"data\":[]}"));

            HttpResponse<String> ok = admin.raw("GET", "/v1/files", null)
                    .header("x-portkey-virtual-key", "vk-files")
                    .header("x-portkey-trace-id", "pt-1")
                    .send();
            HttpResponse<String> redirected = admin.raw("GET", "/v1/files", null)
                    .header("x-portkey-virtual-key", "vk-files")
                    .header("x-portkey-custom-host", "http://127.0.0.1:9/v1")
                    .send();

            assertThat(ok.statusCode()).isEqualTo(200);
            RecordedRequest sent = admin.upstream().takeRequest();
            assertThat(sent.path()).isEqualTo("/v1/files");
            assertThat(sent.header("authorization")).isEqualTo("Bearer sk-stored-1");
            assertThat(redirected.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(redirected.body()).at("/error/param").asText())
                    .isEqualTo("x-portkey-custom-host");
            assertThat(admin.upstream().requestCount()).isEqualTo(1);
            String logs = admin.admin("GET", "/v1/admin/logs?trace_id=pt-1", null)
                    .send()
                    .body();
            JsonNode logged = JSON.readTree(logs).path("data").path(0);
            assertThat(logged.path("provider").asText()).as(logs).isEqualTo("openai");
            assertThat(logged.path("status").asInt()).isEqualTo(200);
            JsonNode refused = JSON.readTree(admin.admin("GET", "/v1/admin/logs?status=400", null)
                            .send()
                            .body())
                    .path("data");
            assertThat(refused).hasSize(1);
            assertThat(refused.path(0).path("error").asText()).contains("vk-files");
        }
    }

    @Test
    void anAnswerThatBreaksOffLooksTruncatedToTheClientAndTheGatewayKeepsServing() {
        gw.upstream().enqueue(FakeResponse.chatStream("a", "b", "c").dropAfter(1));

        assertThatThrownBy(() -> java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.url() + "/v1/responses"))
                                        .header("x-portkey-provider", "openai")
                                        .header("x-portkey-custom-host", gw.upstreamV1())
                                        .header("authorization", "Bearer " + GatewayHarness.PROVIDER_KEY)
                                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"stream\":true}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);

        gw.upstream().reset();
        gw.upstream().enqueue(FakeResponse.json(200, "{\"id\":\"modr-2\",\"model\":\"m\",\"results\":[]}"));
        assertThat(openai.moderations()
                        .create(ModerationCreateParams.builder().input("x").build())
                        .id())
                .isEqualTo("modr-2");
    }

    @Test
    void aProviderThatIsNotOpenAiFormatIsA400NamingTheEndpointsItServes() throws Exception {
        HttpResponse<String> res = gw.raw("GET", "/v1/files", null)
                .header("x-portkey-provider", "anthropic")
                .header("authorization", "Bearer sk-ant")
                .send();

        assertThat(res.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(res.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("unsupported_endpoint");
        assertThat(error.path("param").asText()).isEqualTo("x-portkey-provider");
        assertThat(error.path("message").asText())
                .contains("anthropic")
                .contains("/v1/files")
                .contains("POST /v1/chat/completions");
        assertThat(gw.upstream().requestCount()).isZero();
    }

    @Test
    void aCustomHostOnAnUntrustedInternalAddressIsA400BeforeAnyUpstreamCall() throws Exception {
        try (GatewayHarness untrusted = GatewayHarness.start(Map.of("TRUSTED_CUSTOM_HOSTS", ""))) {
            HttpResponse<String> res = untrusted
                    .raw("POST", "/v1/moderations", "{\"input\":\"x\"}")
                    .header("x-portkey-provider", "openai")
                    .header("x-portkey-custom-host", untrusted.upstreamV1())
                    .header("authorization", "Bearer " + GatewayHarness.PROVIDER_KEY)
                    .send();

            assertThat(res.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(res.body()).at("/error/code").asText()).isEqualTo("custom_host_refused");
            assertThat(untrusted.upstream().requestCount()).isZero();
        }
    }

    @Test
    void aMissingGatewayKeyIsRefusedFromTheHeadersBeforeTheBodyIsSent() throws Exception {
        try (GatewayHarness closed = GatewayHarness.start(Map.of("JETWAY_API_KEYS", "gw-key-1"));
                Socket client = new Socket("127.0.0.1", port(closed))) {
            client.setSoTimeout(5000);
            // Twenty megabytes announced, none sent: the answer comes from the head alone.
            client.getOutputStream()
                    .write(("POST /v1/files HTTP/1.1\r\nHost: x\r\nx-portkey-provider: openai\r\n"
                                    + "Content-Type: application/octet-stream\r\nContent-Length: 20971520\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            byte[] head = new byte[12];
            int got = client.getInputStream().readNBytes(head, 0, head.length);
            assertThat(new String(head, 0, got, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 401");
            assertThat(closed.upstream().requestCount()).isZero();
        }
    }
}
