package io.jetway.gateway.provider.bedrock.sigv4;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for request headers, as AWS verifies it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
 * Pure: the time is a parameter.
 *
 * <p>The canonical request is built from what goes on the wire:
 * <ul>
 *   <li>the URI path as sent (already percent-encoded once), with dot segments and empty segments
 *       removed when {@code normalizePath} (every service but S3), and every byte outside the
 *       unreserved set percent-encoded again: for non-S3 services AWS encodes the path twice, so a
 *       model id sent as {@code a%3Ab} is signed as {@code a%253Ab};</li>
 *   <li>the query's parameters decoded, re-encoded strictly and sorted by name, then value;</li>
 *   <li>the headers to sign, names lower-cased and sorted, values trimmed with runs of spaces
 *       collapsed, repeated headers joined with commas in order; the {@code host} header must be
 *       among them, exactly as it is sent (with the port when there is one);</li>
 *   <li>the hex SHA-256 of the payload.</li>
 * </ul>
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** SHA-256 of no bytes. */
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private SigV4() {}

    /** One header line; a name may repeat (its values are then joined in order). */
    public record Header(String name, String value) {}

    /**
     * What is signed.
     *
     * @param rawPath     the path exactly as sent (percent-encoding included), e.g. {@code /model/a%3Ab/converse}
     * @param rawQuery    the query as sent, without {@code ?}; null or empty for none
     * @param headers     the headers to sign, {@code host} and {@code x-amz-date} included
     * @param payloadHash hex SHA-256 of the body (or a literal such as {@code UNSIGNED-PAYLOAD})
     */
    public record Request(String method, String rawPath, String rawQuery, List<Header> headers, String payloadHash) {}

    /** The intermediate and final values (the canonical request and string to sign hold no secret). */
    public record Signature(
            String canonicalRequest,
            String stringToSign,
            String signedHeaders,
            String signature,
            String authorization) {}

    /** Signs {@code request} for the scope {@code date/region/service/aws4_request}. */
    public static Signature sign(
            Request request,
            AwsCredentials credentials,
            String region,
            String service,
            Instant at,
            boolean normalizePath) {
        String amzDate = amzDate(at);
        String day = amzDate.substring(0, 8);
        TreeMap<String, List<String>> byName = new TreeMap<>();
        for (Header h : request.headers()) {
            byName.computeIfAbsent(h.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                    .add(trimValue(h.value()));
        }
        StringBuilder canonicalHeaders = new StringBuilder(256);
        StringBuilder signedHeaders = new StringBuilder(64);
        for (Map.Entry<String, List<String>> e : byName.entrySet()) {
            canonicalHeaders
                    .append(e.getKey())
                    .append(':')
                    .append(String.join(",", e.getValue()))
                    .append('\n');
            if (!signedHeaders.isEmpty()) {
                signedHeaders.append(';');
            }
            signedHeaders.append(e.getKey());
        }
        String canonicalRequest = request.method()
                + '\n'
                + canonicalUri(request.rawPath(), normalizePath)
                + '\n'
                + canonicalQuery(request.rawQuery())
                + '\n'
                + canonicalHeaders
                + '\n'
                + signedHeaders
                + '\n'
                + request.payloadHash();
        String scope = day + '/' + region + '/' + service + "/aws4_request";
        String stringToSign = ALGORITHM
                + '\n'
                + amzDate
                + '\n'
                + scope
                + '\n'
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String signature = HEX.formatHex(hmac(key, stringToSign));
        String authorization = ALGORITHM + " Credential=" + credentials.accessKeyId() + '/' + scope + ", SignedHeaders="
                + signedHeaders + ", Signature=" + signature;
        return new Signature(canonicalRequest, stringToSign, signedHeaders.toString(), signature, authorization);
    }

    /**
     * Signs a POST of {@code body} to {@code uri} the way AWS SDKs do for JSON services, and returns
     * the headers to send in addition to {@code signedExtra}: {@code host} (exactly as signed; the
     * client must send this value), {@code x-amz-date}, {@code x-amz-content-sha256},
     * {@code x-amz-security-token} when the credentials carry one, and {@code authorization}.
     *
     * @param signedExtra further headers to sign as they will be sent (e.g. {@code content-type})
     */
    public static Map<String, String> signPost(
            URI uri,
            Map<String, String> signedExtra,
            byte[] body,
            AwsCredentials credentials,
            String region,
            String service,
            Instant at) {
        Map<String, String> out = new LinkedHashMap<>(8);
        out.put("host", hostHeader(uri));
        out.put("x-amz-date", amzDate(at));
        String payloadHash = sha256Hex(body);
        out.put("x-amz-content-sha256", payloadHash);
        if (credentials.sessionToken() != null) {
            out.put("x-amz-security-token", credentials.sessionToken());
        }
        List<Header> headers = new ArrayList<>(out.size() + signedExtra.size());
        for (Map.Entry<String, String> e : signedExtra.entrySet()) {
            headers.add(new Header(e.getKey(), e.getValue()));
        }
        for (Map.Entry<String, String> e : out.entrySet()) {
            headers.add(new Header(e.getKey(), e.getValue()));
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        Signature s = sign(
                new Request("POST", path, uri.getRawQuery(), headers, payloadHash),
                credentials,
                region,
                service,
                at,
                true);
        out.put("authorization", s.authorization());
        return out;
    }

    /** The {@code Host} header for {@code uri}: the host, and the port when it is not the scheme's default. */
    public static String hostHeader(URI uri) {
        String host = uri.getHost();
        int port = uri.getPort();
        boolean defaultPort = port == -1
                || (port == 443 && "https".equalsIgnoreCase(uri.getScheme()))
                || (port == 80 && "http".equalsIgnoreCase(uri.getScheme()));
        return defaultPort ? host : host + ':' + port;
    }

    public static String amzDate(Instant at) {
        return AMZ_DATE.format(at);
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The canonical URI: optionally normalised, then each segment percent-encoded (again). */
    static String canonicalUri(String rawPath, boolean normalize) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        String path = normalize ? normalize(rawPath) : rawPath;
        StringBuilder sb = new StringBuilder(path.length() + 16);
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                sb.append('/');
            }
            uriEncode(segments[i], sb);
        }
        return sb.toString();
    }

    /** RFC 3986 dot-segment removal plus collapsing of empty segments; a trailing slash is kept. */
    static String normalize(String path) {
        ArrayDeque<String> kept = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        boolean trailingSlash = false;
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.isEmpty() || s.equals(".")) {
                trailingSlash = last && i > 0;
            } else if (s.equals("..")) {
                kept.pollLast();
                trailingSlash = last;
            } else {
                kept.addLast(s);
                trailingSlash = false;
            }
        }
        if (kept.isEmpty()) {
            return "/";
        }
        return "/" + String.join("/", kept) + (trailingSlash ? "/" : "");
    }

    /** Query parameters decoded, strictly re-encoded and sorted by name, then value. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> params = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.add(new String[] {encode(percentDecode(name)), encode(percentDecode(value))});
        }
        params.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder sb = new StringBuilder(rawQuery.length() + 16);
        for (String[] p : params) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** Every byte of the UTF-8 form outside {@code A-Za-z0-9-._~} as {@code %XX} (upper-case hex). */
    public static String encode(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        uriEncode(s, sb);
        return sb.toString();
    }

    private static void uriEncode(String s, StringBuilder sb) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xF]);
            }
        }
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    /** Trims and collapses runs of whitespace to one space (AWS's rule for header values). */
    static String trimValue(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        boolean space = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                space = true;
            } else {
                if (space && !sb.isEmpty()) {
                    sb.append(' ');
                }
                space = false;
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
