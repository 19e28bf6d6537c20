package io.jetway.gateway.cache;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cache keys: SHA-256 over the provider id, the endpoint URL, the final provider request body
 * (after the provider's transforms and {@code override_params}), whether the caller streams, the
 * entry's owner and the partition. Never over credentials themselves: provider keys travel in
 * headers, which are left out, any user-info in the URL is removed, and the owner
 * ({@link CacheOwner}) is a keyed hash of who asks. Each field is length-prefixed, so no two
 * different inputs hash the same bytes.
 *
 * <p>The owner comes first and is never optional: entries are partitioned by the caller's identity.
 * Within an owner's entries, the partition: by default the request's {@code x-portkey-metadata}
 * (order of keys irrelevant); an {@code x-portkey-cache-namespace} replaces it, so one owner's
 * requests with the same namespace and body share entries whatever their metadata (as Portkey
 * documents). A namespace narrows within the owner's entries, never across owners.
 */
public final class CacheKey {

    /** Bumped when the key or the stored format changes, so old entries are never misread. */
    static final String VERSION = "jetway-cache-v2";
    /** Prefix of every key (Redis keys read {@code jetway:cache:v1:<hex>}). */
    public static final String PREFIX = "jetway:cache:v1:";

    private CacheKey() {}

    /**
     * @param streaming whether the caller asked for a stream: a stored stream never answers a
     *                  non-stream request nor the reverse, even for providers that put the stream
     *                  flag in the URL rather than the body
     * @param owner     who asks ({@link CacheOwner#of})
     * @param partition the namespace or metadata within the owner's entries ({@link #partition})
     */
    public static String of(
            String providerId, URI endpoint, byte[] body, boolean streaming, byte[] owner, String partition) {
        return of(providerId, endpoint, body, streaming, owner, partition, 1);
    }

    /**
     * @param calls how many upstream calls of this body make one answer: {@code n} for a provider that
     *              answers one choice per call (its body cannot say {@code n}), else 1. A key for more
     *              than one call has it as a last field; every other key is as without it.
     */
    public static String of(
            String providerId,
            URI endpoint,
            byte[] body,
            boolean streaming,
            byte[] owner,
            String partition,
            int calls) {
        MessageDigest sha = sha256();
        field(sha, VERSION.getBytes(StandardCharsets.UTF_8));
        field(sha, owner);
        field(sha, providerId.getBytes(StandardCharsets.UTF_8));
        field(sha, withoutUserInfo(endpoint).toString().getBytes(StandardCharsets.UTF_8));
        field(sha, body);
        field(sha, new byte[] {(byte) (streaming ? 1 : 0)});
        field(sha, partition.getBytes(StandardCharsets.UTF_8));
        if (calls > 1) {
            field(sha, ("calls:" + calls).getBytes(StandardCharsets.UTF_8));
        }
        return PREFIX + HexFormat.of().formatHex(sha.digest());
    }

    /** The partition within an owner's entries: the namespace when given (non-blank), else the metadata. */
    public static String partition(String namespace, Map<String, String> metadata) {
        if (namespace != null && !namespace.isBlank()) {
            return "namespace:" + namespace;
        }
        StringBuilder out = new StringBuilder("metadata:");
        for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
            out.append(e.getKey().length())
                    .append(':')
                    .append(e.getKey())
                    .append(e.getValue().length())
                    .append(':')
                    .append(e.getValue());
        }
        return out.toString();
    }

    private static void field(MessageDigest sha, byte[] bytes) {
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(
                    uri.getScheme(),
                    null,
                    uri.getHost(),
                    uri.getPort(),
                    uri.getPath(),
                    uri.getQuery(),
                    uri.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint URL cannot be rebuilt without user info", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
