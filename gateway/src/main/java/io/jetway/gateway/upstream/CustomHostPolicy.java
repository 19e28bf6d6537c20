package io.jetway.gateway.upstream;

import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Redaction;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Guards custom hosts (and Bedrock's image URLs) against SSRF: a caller-supplied base URL may
 * not point at loopback, private, link-local (cloud metadata), CGNAT, unique-local or unspecified
 * addresses unless its host (name or IP) is listed in {@code TRUSTED_CUSTOM_HOSTS}. A listed host
 * is allowed on any port. Every address a name resolves to must pass; an IPv6 address that
 * carries an IPv4 address (IPv4-mapped or -compatible, NAT64, 6to4, Teredo) is judged by that
 * IPv4 address, which is where it leads.
 *
 * <p>A numeric host in any form but four decimal numbers ({@code 0177.0.0.1}, {@code 0x7f.1},
 * {@code 127.1}, {@code 2130706433}, leading zeros) is refused, trusted or not: resolvers disagree
 * on it ({@code 0177.0.0.1} is 177.0.0.1 to Java and 127.0.0.1 to {@code inet_aton}), so the
 * address checked here need not be the one a proxy or another resolver connects to.
 *
 * <p>Known limit: the check resolves the name once and the connection resolves it again, so a
 * DNS record that changes in between (rebinding) is not caught; list internal hosts explicitly.
 */
public final class CustomHostPolicy {

    /** Name resolution, injectable for tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Parsed custom hosts are remembered up to this many distinct values (then forgotten at once). */
    static final int MAX_REMEMBERED = 1024;

    private final Set<String> trusted;
    private final Resolver resolver;
    /**
     * Custom hosts already parsed and checked for syntax: callers send the same few on every
     * request, and parsing a URL twice per request showed in the profile. The address check of an
     * untrusted host is never remembered: it runs on every call (the resolver caches DNS answers).
     */
    private final ConcurrentHashMap<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(URI base, String host) {}

    public CustomHostPolicy(Set<String> trustedHosts, Resolver resolver) {
        this.trusted = trustedHosts.stream().map(CustomHostPolicy::normalise).collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    public static CustomHostPolicy fromEnv(String trustedCsv) {
        Set<String> hosts = trustedCsv == null
                ? Set.of()
                : java.util.Arrays.stream(trustedCsv.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet());
        return new CustomHostPolicy(hosts, InetAddress::getAllByName);
    }

    /**
     * Validates a custom host and returns it as a base URI without a trailing slash.
     *
     * @param param the header or config path the value came from, for the error
     */
    public URI check(String customHost, String param) {
        Parsed p = parsed.get(customHost);
        if (p == null) {
            p = parse(customHost, param);
            if (parsed.size() >= MAX_REMEMBERED) {
                parsed.clear();
            }
            parsed.put(customHost, p);
        }
        if (!trusted.contains(p.host())) {
            checkAddresses(p.host(), param);
        }
        return p.base();
    }

    /**
     * Errors quote the URL with any user-info masked ({@link Redaction#url}): a password in it must
     * not reach the caller's error, the request log or {@code /v1/admin/logs}. A URL with user-info
     * is refused rather than sent on: credentials belong in headers, where they are never logged.
     */
    private static Parsed parse(String customHost, String param) {
        URI uri;
        try {
            uri = new URI(customHost.strip());
        } catch (URISyntaxException e) {
            throw GatewayException.invalidRequest(
                    "The custom host '" + Redaction.url(customHost) + "' is not a valid " + "URL: " + e.getReason()
                            + ". Give a base URL such as https://my-proxy.example.com/v1.",
                    param);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        // java.net.URI leaves the host null for some numeric forms (127.1, 0x7f.1): judged from the authority.
        String host = uri.getHost() != null ? uri.getHost() : hostOfAuthority(uri.getRawAuthority());
        if (("http".equals(scheme) || "https".equals(scheme)) && host != null && ambiguousNumber(host)) {
            throw new GatewayException(
                    400,
                    GatewayException.INVALID_REQUEST,
                    "The custom host '" + host
                            + "' is a numeric address that resolvers read differently (octal or hexadecimal parts, fewer"
                            + " than four parts, or leading zeros): write an IPv4 address as four decimal numbers, such as"
                            + " 203.0.113.7, or use a host name.",
                    param,
                    "custom_host_refused");
        }
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
            throw GatewayException.invalidRequest(
                    "The custom host '" + Redaction.url(customHost)
                            + "' must be an absolute http(s) URL such as https://my-proxy.example.com/v1.",
                    param);
        }
        if (uri.getRawUserInfo() != null) {
            throw GatewayException.invalidRequest(
                    "The custom host '" + redact(uri) + "' must not carry credentials "
                            + "(user:password@ before the host): send them in headers instead, the provider key in "
                            + "Authorization or a config's api_key, anything else with forward_headers.",
                    param);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw GatewayException.invalidRequest(
                    "The custom host '" + redact(uri)
                            + "' must not carry a query or a fragment: give only scheme, host, port and path.",
                    param);
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return new Parsed(URI.create(text), normalise(uri.getHost()));
    }

    private void checkAddresses(String host, String param) {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw GatewayException.invalidRequest("The custom host '" + host + "' does not resolve.", param);
        }
        for (InetAddress address : addresses) {
            if (isInternal(address) && !trusted.contains(normalise(address.getHostAddress()))) {
                throw new GatewayException(
                        400,
                        GatewayException.INVALID_REQUEST,
                        "The custom host '" + host
                                + "' resolves to the internal address " + address.getHostAddress()
                                + ", which is refused to prevent server-side request forgery. An operator can allow it"
                                + " by listing the host in TRUSTED_CUSTOM_HOSTS.",
                        param,
                        "custom_host_refused");
            }
        }
    }

    /** How many parsed custom hosts are remembered (for tests). */
    int remembered() {
        return parsed.size();
    }

    /** Whether the operator listed this host (name or IP) in {@code TRUSTED_CUSTOM_HOSTS}. */
    public boolean trusts(String host) {
        return host != null && trusted.contains(normalise(host));
    }

    /**
     * Loopback, private, link-local, CGNAT, unique-local, multicast, reserved or unspecified; for
     * an IPv6 address that carries an IPv4 address, whether that one is.
     */
    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress()
                || a.isAnyLocalAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return isInternalIpv4(b, 0);
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xFF;
            if ((first & 0xFE) == 0xFC) {
                return true; // fc00::/7 unique local
            }
            if (zeros(b, 0, 10) && (zeros(b, 10, 12) || (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF)) {
                return isInternalIpv4(b, 12); // ::a.b.c.d (IPv4-compatible) and ::ffff:a.b.c.d (IPv4-mapped)
            }
            if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B) {
                // 64:ff9b::/96 is NAT64's well-known prefix; 64:ff9b:1::/48 its prefix for local use.
                return zeros(b, 4, 12) ? isInternalIpv4(b, 12) : b[4] == 0 && b[5] == 1;
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return isInternalIpv4(b, 2); // 2002::/16, 6to4: the IPv4 address follows the prefix
            }
            if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
                // 2001::/32, Teredo: the server's IPv4 address, then the client's with every bit inverted.
                byte[] client = {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]};
                return isInternalIpv4(b, 4) || isInternalIpv4(client, 0);
            }
            if (b[0] == 0x01 && zeros(b, 1, 8)) {
                return true; // 100::/64, discard-only
            }
        }
        return false;
    }

    /**
     * The IPv4 address at {@code b[off..off+3]}: 0/8, 10/8, CGNAT 100.64/10, 127/8, 169.254/16,
     * 172.16/12, 192.0.0/24 (protocol assignments), 192.168/16, 198.18/15 (benchmarking),
     * multicast and reserved 224/3.
     */
    private static boolean isInternalIpv4(byte[] b, int off) {
        int first = b[off] & 0xFF;
        int second = b[off + 1] & 0xFF;
        int third = b[off + 2] & 0xFF;
        return first == 0
                || first == 10
                || first == 127
                || first >= 224
                || first == 100 && second >= 64 && second <= 127
                || first == 169 && second == 254
                || first == 172 && second >= 16 && second <= 31
                || first == 192 && (second == 168 || second == 0 && third == 0)
                || first == 198 && (second == 18 || second == 19);
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code host} is a number (its last label all digits, or {@code 0x} and hex digits,
     * which is how URL parsers and {@code inet_aton} tell an address from a name) but not four
     * decimal numbers of at most 255 without leading zeros. IPv6 literals are not numbers here.
     */
    static boolean ambiguousNumber(String host) {
        if (host.startsWith("[") || host.indexOf(':') >= 0) {
            return false;
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = h.substring(h.lastIndexOf('.') + 1);
        if (!isNumber(last)) {
            return false;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return true;
        }
        for (String part : parts) {
            if (part.isEmpty()
                    || part.length() > 3
                    || part.length() > 1 && part.charAt(0) == '0'
                    || !part.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                    || Integer.parseInt(part) > 255) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(String label) {
        if (label.isEmpty()) {
            return false;
        }
        if (label.length() >= 2 && label.charAt(0) == '0' && (label.charAt(1) == 'x' || label.charAt(1) == 'X')) {
            return label.substring(2).chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
        }
        return label.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    /** The host part of a raw authority ({@code user@host:port}), or null. */
    private static String hostOfAuthority(String authority) {
        if (authority == null) {
            return null;
        }
        String h = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = h.lastIndexOf(':');
        return colon >= 0 && !h.endsWith("]") ? h.substring(0, colon) : h;
    }

    private static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static String redact(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + uri.getRawPath();
    }
}
