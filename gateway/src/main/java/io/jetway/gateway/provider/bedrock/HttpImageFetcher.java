package io.jetway.gateway.provider.bedrock;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.upstream.CustomHostPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Fetches image URLs with {@code java.net.http}: GET, no cookies, redirects followed by hand (at
 * most 3) so that every hop passes the SSRF guard, the body read up to {@code maxBytes} and no
 * further. The guard is {@link CustomHostPolicy}, the one custom hosts pass: loopback, private,
 * link-local (cloud metadata) and similar addresses (also inside IPv6 ones) are refused unless
 * the operator trusts the host, and numeric hosts that resolvers read differently always are. The
 * request's deadline and the parallel fetching are {@link ImageFetches}'s. Same known limit as custom hosts: the name is resolved once for the check and again for
 * the connection (DNS rebinding is not caught).
 *
 * <p>The default limit is Bedrock's: 3.75 MB per image
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageBlock.html).
 */
public final class HttpImageFetcher implements ImageFetcher {

    public static final int DEFAULT_MAX_BYTES = 3_750_000;
    private static final int MAX_REDIRECTS = 3;

    private final CustomHostPolicy policy;
    private final int maxBytes;
    private final Duration connectTimeout;
    /** Built by the first fetch: an HTTP client loads the TLS trust store, which start-up need not wait for. */
    private volatile HttpClient client;

    private final Duration timeout;

    public HttpImageFetcher(CustomHostPolicy policy, int maxBytes) {
        this(policy, maxBytes, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public HttpImageFetcher(CustomHostPolicy policy, int maxBytes, Duration connectTimeout, Duration timeout) {
        this.policy = policy;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.connectTimeout = connectTimeout;
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder()
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(connectTimeout)
                            .build();
                    client = c;
                }
            }
        }
        return c;
    }

    @Override
    public Image fetch(URI url, String param) {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            guard(current, param);
            HttpResponse<InputStream> response;
            try {
                response = client().send(
                                HttpRequest.newBuilder(current)
                                        .GET()
                                        .timeout(timeout)
                                        .header("accept", "image/png, image/jpeg, image/gif, image/webp")
                                        .build(),
                                HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw GatewayException.invalidRequest(
                        "The image at " + redact(current) + " could not be fetched: "
                                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())
                                + ".",
                        param,
                        "image_fetch_failed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw GatewayException.invalidRequest(
                        "Fetching the image was interrupted.", param, "image_fetch_failed");
            } catch (IllegalArgumentException e) {
                throw GatewayException.invalidRequest("The image URL is not valid: " + e.getMessage(), param);
            }
            int status = response.statusCode();
            if (status >= 300
                    && status < 400
                    && response.headers().firstValue("location").isPresent()) {
                close(response);
                current = current.resolve(
                        response.headers().firstValue("location").get());
                continue;
            }
            try (InputStream body = response.body()) {
                if (status != 200) {
                    throw GatewayException.invalidRequest(
                            "The image at " + redact(current) + " answered HTTP " + status + ".",
                            param,
                            "image_fetch_failed");
                }
                byte[] bytes = body.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    throw GatewayException.invalidRequest(
                            "The image at " + redact(current) + " is larger than " + maxBytes
                                    + " bytes, the most bedrock takes.",
                            param,
                            "image_too_large");
                }
                String mediaType =
                        mediaType(response.headers().firstValue("content-type").orElse(null), bytes);
                if (mediaType == null) {
                    throw GatewayException.invalidRequest(
                            "The URL " + redact(current) + " is not a png, jpeg, gif or webp image.",
                            param,
                            "image_fetch_failed");
                }
                return new Image(bytes, mediaType);
            } catch (IOException e) {
                throw GatewayException.invalidRequest(
                        "Reading the image at " + redact(current) + " failed: " + e.getMessage() + ".",
                        param,
                        "image_fetch_failed");
            }
        }
        throw GatewayException.invalidRequest(
                "The image URL redirects more than " + MAX_REDIRECTS + " times.", param, "image_fetch_failed");
    }

    /** The scheme, host and port must pass the custom-host SSRF policy (the path and query are not its business). */
    private void guard(URI uri, String param) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawAuthority() == null) {
            throw GatewayException.invalidRequest("Image URLs must be http(s) URLs.", param);
        }
        if (uri.getRawUserInfo() != null) {
            throw GatewayException.invalidRequest("Image URLs must not carry credentials.", param);
        }
        // The authority as written: the policy also judges hosts java.net.URI does not parse (127.1, 0x7f.1).
        policy.check(scheme + "://" + uri.getRawAuthority(), param);
    }

    /**
     * The image's media type: the Content-Type when it is one Bedrock takes, otherwise sniffed from
     * the first bytes (servers often say {@code application/octet-stream}); null when neither.
     */
    static String mediaType(String contentType, byte[] b) {
        if (contentType != null) {
            String ct = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            switch (ct) {
                case "image/png", "image/jpeg", "image/gif", "image/webp" -> {
                    return ct;
                }
                case "image/jpg" -> {
                    return "image/jpeg";
                }
                default -> {
                    // sniffed below
                }
            }
        }
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "image/gif";
        }
        if (b.length >= 12
                && b[0] == 'R'
                && b[1] == 'I'
                && b[2] == 'F'
                && b[3] == 'F'
                && b[8] == 'W'
                && b[9] == 'E'
                && b[10] == 'B'
                && b[11] == 'P') {
            return "image/webp";
        }
        return null;
    }

    private static String hostPort(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private static String redact(URI uri) {
        return uri.getScheme() + "://" + hostPort(uri) + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // the connection is discarded either way
        }
    }
}
