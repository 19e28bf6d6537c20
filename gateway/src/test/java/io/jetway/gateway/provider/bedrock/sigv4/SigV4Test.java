package io.jetway.gateway.provider.bedrock.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The signer against AWS's SigV4 test suite and against botocore for Bedrock-shaped requests. */
class SigV4Test {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "/providers/bedrock/sigv4/";

    @TestFactory
    Stream<DynamicTest> reproducesTheAwsTestSuiteSignatures() {
        List<String> names =
                read(BASE + "v4/index.txt").lines().filter(l -> !l.isBlank()).toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(15);
        return names.stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    JsonNode context = JSON.readTree(read(BASE + "v4/" + name + "/context.json"));
                    ParsedRequest parsed =
                            ParsedRequest.parse(read(BASE + "v4/" + name + "/header-signed-request.txt"));
                    JsonNode c = context.get("credentials");
                    AwsCredentials credentials = new AwsCredentials(
                            c.get("access_key_id").asText(),
                            c.get("secret_access_key").asText(),
                            c.hasNonNull("token") ? c.get("token").asText() : null);
                    SigV4.Signature signature = SigV4.sign(
                            new SigV4.Request(
                                    parsed.method,
                                    parsed.path,
                                    parsed.query,
                                    parsed.headers,
                                    SigV4.sha256Hex(parsed.body.getBytes(StandardCharsets.UTF_8))),
                            credentials,
                            context.get("region").asText(),
                            context.get("service").asText(),
                            Instant.parse(context.get("timestamp").asText()),
                            context.get("normalize").asBoolean());
                    assertThat(signature.authorization()).isEqualTo(parsed.authorization);
                }));
    }

    @Test
    void buildsTheCanonicalRequestOfTheSuitesSignedBodyCase() {
        SigV4.Signature s = SigV4.sign(
                new SigV4.Request(
                        "POST",
                        "/",
                        null,
                        List.of(
                                new SigV4.Header("Content-Type", "application/x-www-form-urlencoded"),
                                new SigV4.Header("Host", "example.amazonaws.com"),
                                new SigV4.Header("Content-Length", "13"),
                                new SigV4.Header(
                                        "x-amz-content-sha256",
                                        "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"),
                                new SigV4.Header("X-Amz-Date", "20150830T123600Z")),
                        SigV4.sha256Hex("Param1=value1".getBytes(StandardCharsets.UTF_8))),
                new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null),
                "us-east-1",
                "service",
                Instant.parse("2015-08-30T12:36:00Z"),
                true);
        assertThat(s.canonicalRequest()).isEqualTo("""
                POST
                /

                content-length:13
                content-type:application/x-www-form-urlencoded
                host:example.amazonaws.com
                x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
                x-amz-date:20150830T123600Z

                content-length;content-type;host;x-amz-content-sha256;x-amz-date
                9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e""");
        assertThat(s.stringToSign())
                .startsWith("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n");
    }

    @TestFactory
    Stream<DynamicTest> signsBedrockRequestsAsBotocoreDoesIncludingCustomHostsWithPorts() throws IOException {
        JsonNode file = JSON.readTree(read(BASE + "botocore-vectors.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : file.get("vectors")) {
            tests.add(DynamicTest.dynamicTest(v.get("name").asText(), () -> {
                Map<String, String> extra = new LinkedHashMap<>();
                v.get("signedExtra")
                        .properties()
                        .iterator()
                        .forEachRemaining(
                                e -> extra.put(e.getKey(), e.getValue().asText()));
                AwsCredentials credentials = new AwsCredentials(
                        "AKIDEXAMPLE",
                        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                        v.get("sessionToken").isNull()
                                ? null
                                : v.get("sessionToken").asText());
                Map<String, String> headers = SigV4.signPost(
                        URI.create(v.get("url").asText()),
                        extra,
                        v.get("body").asText().getBytes(StandardCharsets.UTF_8),
                        credentials,
                        v.get("region").asText(),
                        v.get("service").asText(),
                        Instant.parse(v.get("timestamp").asText()));
                assertThat(headers.get("host")).isEqualTo(v.get("host").asText());
                assertThat(headers.get("authorization"))
                        .isEqualTo(v.get("authorization").asText());
                assertThat(headers.get("x-amz-date")).isEqualTo("20261122T120000Z");
                if (credentials.sessionToken() != null) {
                    assertThat(headers.get("x-amz-security-token")).isEqualTo(credentials.sessionToken());
                } else {
                    assertThat(headers).doesNotContainKey("x-amz-security-token");
                }
            }));
        }
        assertThat(tests).hasSize(4);
        return tests.stream();
    }

    @Test
    void signsTheHostWithItsPortAndTheModelIdPathEncodedTwice() {
        URI uri = URI.create("http://127.0.0.1:4566/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
        SigV4.Signature s = SigV4.sign(
                new SigV4.Request(
                        "POST",
                        uri.getRawPath(),
                        null,
                        List.of(
                                new SigV4.Header("host", SigV4.hostHeader(uri)),
                                new SigV4.Header("x-amz-date", "20261122T120000Z")),
                        SigV4.EMPTY_SHA256),
                new AwsCredentials("AKID", "secret", null),
                "eu-west-1",
                "bedrock",
                Instant.parse("2026-11-22T12:00:00Z"),
                true);
        assertThat(s.canonicalRequest()).isEqualTo("""
                POST
                /model/anthropic.claude-3-haiku-20240307-v1%253A0/converse

                host:127.0.0.1:4566
                x-amz-date:20261122T120000Z

                host;x-amz-date
                """ + SigV4.EMPTY_SHA256);
    }

    @Test
    void leavesDefaultPortsOutOfTheHostHeader() {
        assertThat(SigV4.hostHeader(URI.create("https://bedrock-runtime.us-east-1.amazonaws.com:443/x")))
                .isEqualTo("bedrock-runtime.us-east-1.amazonaws.com");
        assertThat(SigV4.hostHeader(URI.create("http://proxy.local:80/x"))).isEqualTo("proxy.local");
        assertThat(SigV4.hostHeader(URI.create("https://proxy.local:8443/x"))).isEqualTo("proxy.local:8443");
        assertThat(SigV4.hostHeader(URI.create("http://[::1]:9000/x"))).isEqualTo("[::1]:9000");
    }

    @Test
    void neverShowsSecretsInToString() {
        AwsCredentials c = new AwsCredentials("AKIDEXAMPLE", "very-secret", "token-value");
        assertThat(c.toString())
                .contains("AKIDEXAMPLE")
                .doesNotContain("very-secret")
                .doesNotContain("token-value");
    }

    private static String read(String resource) {
        try (InputStream in = SigV4Test.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A suite request file: request line, header lines (continuations are further values), blank line, body. */
    private record ParsedRequest(
            String method, String path, String query, List<SigV4.Header> headers, String authorization, String body) {

        static ParsedRequest parse(String text) {
            int end = text.indexOf("\n\n");
            String head = text.substring(0, end);
            String body = text.substring(end + 2);
            String[] lines = head.split("\n");
            String[] requestLine = lines[0].split(" ");
            String method = requestLine[0];
            String target = lines[0].substring(method.length() + 1, lines[0].lastIndexOf(" HTTP/"));
            int q = target.indexOf('?');
            List<SigV4.Header> headers = new ArrayList<>();
            String authorization = null;
            String last = null;
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                if (line.startsWith(" ") || line.startsWith("\t")) {
                    headers.add(new SigV4.Header(last, line));
                    continue;
                }
                int colon = line.indexOf(':');
                String name = line.substring(0, colon);
                String value = line.substring(colon + 1);
                last = name;
                if (name.equalsIgnoreCase("authorization")) {
                    authorization = value;
                } else {
                    headers.add(new SigV4.Header(name, value));
                }
            }
            return new ParsedRequest(
                    method,
                    q < 0 ? target : target.substring(0, q),
                    q < 0 ? null : target.substring(q + 1),
                    headers,
                    authorization,
                    body);
        }
    }
}
