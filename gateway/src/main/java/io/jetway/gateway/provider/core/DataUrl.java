package io.jetway.gateway.provider.core;

import io.jetway.gateway.core.GatewayException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * A {@code data:} URL (RFC 2397), read the same way for every provider: the scheme and the
 * {@code ;base64} marker in any case, the media type lower-cased without its parameters, and the
 * data always as base64 (a URL-encoded payload is encoded; whitespace in a base64 one removed).
 *
 * @param mediaType the media type, e.g. {@code image/png}; null when the URL names none (RFC 2397's
 *                  default, {@code text/plain}, is left to the provider to apply or refuse)
 * @param base64    the data, base64-encoded
 */
public record DataUrl(String mediaType, String base64) {

    /** Whether {@code url} is a data URL (the scheme in any case, as URL schemes are). */
    public static boolean is(String url) {
        return url != null && url.regionMatches(true, 0, "data:", 0, 5);
    }

    /**
     * @param param the request field that holds the URL, named in errors
     * @throws GatewayException 400 naming {@code param} when it is no data URL or holds no data
     */
    public static DataUrl parse(String url, String param) {
        if (!is(url)) {
            throw GatewayException.invalidRequest(
                    param + " is not a data URL (data:<media type>;base64,<data>).", param);
        }
        int comma = url.indexOf(',');
        if (comma < 0) {
            throw GatewayException.invalidRequest(
                    param + " is not a valid data URL: it has no ',' before its data "
                            + "(data:<media type>;base64,<data>).",
                    param);
        }
        String[] pieces = url.substring(5, comma).split(";");
        boolean base64 = false;
        for (int k = 1; k < pieces.length; k++) {
            if (pieces[k].strip().equalsIgnoreCase("base64")) {
                base64 = true;
            }
        }
        String data = url.substring(comma + 1);
        if (data.isBlank()) {
            throw GatewayException.invalidRequest(param + " is a data URL that holds no data.", param);
        }
        String encoded = base64
                ? stripWhitespace(data)
                : Base64.getEncoder()
                        .encodeToString(URLDecoder.decode(data.replace("+", "%2B"), StandardCharsets.UTF_8)
                                .getBytes(StandardCharsets.UTF_8));
        String media = pieces.length == 0 ? "" : pieces[0].strip();
        return new DataUrl(media.isEmpty() ? null : media.toLowerCase(Locale.ROOT), encoded);
    }

    /** The media type, or a 400 naming {@code param} when the URL names none. */
    public String requireMediaType(String param) {
        if (mediaType == null) {
            throw GatewayException.invalidRequest(
                    param + " must name its media type (data:image/png;base64,…).", param);
        }
        return mediaType;
    }

    private static String stripWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                StringBuilder b = new StringBuilder(s.length());
                for (int j = 0; j < s.length(); j++) {
                    if (!Character.isWhitespace(s.charAt(j))) {
                        b.append(s.charAt(j));
                    }
                }
                return b.toString();
            }
        }
        return s;
    }
}
