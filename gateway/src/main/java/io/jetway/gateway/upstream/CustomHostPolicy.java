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
 * Guards custom hosts against SSRF: a caller-supplied base URL may not point at loopback,
 * private, link-local (cloud metadata), CGNAT, unique-local or unspecified addresses unless its
 * host (name or IP) is listed in {@code TRUSTED_CUSTOM_HOSTS}. A listed host is allowed on any
 * port. Every address a name resolves to must pass.
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

    private record Parsed(URI base, String host) {
    }

    public CustomHostPolicy(Set<String> trustedHosts, Resolver resolver) {
        this.trusted = trustedHosts.stream().map(CustomHostPolicy::normalise).collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    public static CustomHostPolicy fromEnv(String trustedCsv) {
        Set<String> hosts = trustedCsv == null ? Set.of()
                : java.util.Arrays.stream(trustedCsv.split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
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
            throw GatewayException.invalidRequest("The custom host '" + Redaction.url(customHost) + "' is not a valid "
                    + "URL: " + e.getReason() + ". Give a base URL such as https://my-proxy.example.com/v1.", param);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
            throw GatewayException.invalidRequest("The custom host '" + Redaction.url(customHost)
                    + "' must be an absolute http(s) URL such as https://my-proxy.example.com/v1.", param);
        }
        if (uri.getRawUserInfo() != null) {
            throw GatewayException.invalidRequest("The custom host '" + redact(uri) + "' must not carry credentials "
                    + "(user:password@ before the host): send them in headers instead, the provider key in "
                    + "Authorization or a config's api_key, anything else with forward_headers.", param);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw GatewayException.invalidRequest("The custom host '" + redact(uri)
                    + "' must not carry a query or a fragment: give only scheme, host, port and path.", param);
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
                throw new GatewayException(400, GatewayException.INVALID_REQUEST, "The custom host '" + host
                        + "' resolves to the internal address " + address.getHostAddress()
                        + ", which is refused to prevent server-side request forgery. An operator can allow it"
                        + " by listing the host in TRUSTED_CUSTOM_HOSTS.", param, "custom_host_refused");
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

    /** Loopback, private, link-local, CGNAT, unique-local, multicast or unspecified. */
    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            return first == 0 || (first == 100 && second >= 64 && second <= 127) || first >= 240;
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xFF;
            if ((first & 0xFE) == 0xFC) {
                return true; // fc00::/7 unique local
            }
            boolean v4Mapped = true;
            for (int i = 0; i < 10; i++) {
                v4Mapped &= b[i] == 0;
            }
            if (v4Mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException impossible) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static String redact(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getRawPath();
    }
}
