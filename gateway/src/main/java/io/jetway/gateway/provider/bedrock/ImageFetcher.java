package io.jetway.gateway.provider.bedrock;

import java.net.URI;
import java.util.Arrays;

/**
 * Downloads an {@code http(s)} image a caller referenced by URL, so that it can be inlined:
 * Bedrock's Converse API takes image bytes (or S3 locations), never web URLs. Injected into the
 * provider so that request mapping stays pure and tests need no network.
 */
@FunctionalInterface
public interface ImageFetcher {

    /** The downloaded bytes and their media type (e.g. {@code image/png}). */
    record Image(byte[] bytes, String mediaType) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Image i && Arrays.equals(bytes, i.bytes) && mediaType.equals(i.mediaType);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(bytes) + mediaType.hashCode();
        }

        @Override
        public String toString() {
            return "Image[" + mediaType + ", " + bytes.length + " bytes]";
        }
    }

    /**
     * Fetches the image.
     *
     * @param param the request field that named the URL, for errors
     * @throws io.jetway.gateway.core.GatewayException 400 when the URL is refused (internal
     *         address), the answer is not an image, too large, or cannot be fetched
     */
    Image fetch(URI url, String param);

    /** A fetcher for deployments that must not fetch: every URL is refused with a clear 400. */
    static ImageFetcher disabled() {
        return (url, param) -> {
            throw io.jetway.gateway.core.GatewayException.invalidRequest(
                    "Image URLs are not fetched by this gateway"
                            + " for bedrock: send the image as a data URL (data:image/png;base64,…).",
                    param);
        };
    }
}
