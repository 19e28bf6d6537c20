package io.jetway.gateway.server;

import io.helidon.http.HttpPrologue;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.jetway.gateway.server.http.HttpHandler;
import io.jetway.gateway.server.http.HttpRequest;
import io.jetway.gateway.server.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The routes of the generated services, on Jetway's HTTP server: services register into it as into
 * Helidon's routing ({@link HttpRules}: {@code register(path, service)}, {@code post("/x", handler)},
 * {@code any(handler)}), and requests are matched in registration order, with Helidon's own path
 * matchers (path parameters included). A route that calls {@code response.next()} passes the request on.
 * Failures of a handler are the caller's ({@link #serve}'s) to answer.
 */
final class Routes implements HttpRules {

    private record Entry(String prefix, HttpRoute route) {}

    private final List<Entry> entries;
    private final String prefix;

    Routes() {
        this(new ArrayList<>(), "");
    }

    private Routes(List<Entry> entries, String prefix) {
        this.entries = entries;
        this.prefix = prefix;
    }

    @Override
    public HttpRules register(HttpService... services) {
        for (HttpService s : services) {
            s.routing(this);
        }
        return this;
    }

    @Override
    public HttpRules register(String path, HttpService... services) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Routes nested = new Routes(entries, prefix + p);
        for (HttpService s : services) {
            s.routing(nested);
        }
        return this;
    }

    @Override
    public HttpRules route(HttpRoute route) {
        entries.add(new Entry(prefix, route));
        return this;
    }

    /**
     * Runs the first route that accepts the request (then the next, while routes call {@code next()}).
     *
     * @return false when no route took the request
     */
    boolean serve(RoutedRequest request, RoutedResponse response) throws Exception {
        String path = request.http().path();
        String lastPrefix = null;
        HttpPrologue prologue = null;
        for (Entry e : entries) {
            String rest = below(e.prefix, path);
            if (rest == null) {
                continue;
            }
            if (!e.prefix.equals(lastPrefix)) {
                prologue = request.prologue(rest);
                lastPrefix = e.prefix;
            }
            PathMatchers.MatchResult match = e.route.accepts(prologue);
            if (!match.accepted()) {
                continue;
            }
            request.path(match.path());
            e.route.handler().handle(request, response);
            if (!response.takeNext()) {
                return true;
            }
        }
        return false;
    }

    /** The path below a service's prefix ("/" for the prefix itself), or null when it is not below it. */
    private static String below(String prefix, String path) {
        if (prefix.isEmpty()) {
            return path;
        }
        if (!path.startsWith(prefix)) {
            return null;
        }
        if (path.length() == prefix.length()) {
            return "/";
        }
        return path.charAt(prefix.length()) == '/' ? path.substring(prefix.length()) : null;
    }

    /** This routing as a handler of Jetway's server, with the given handling of failures. */
    HttpHandler handler(Failures failures) {
        return (HttpRequest http, HttpResponse res) -> {
            RoutedRequest request = new RoutedRequest(http);
            RoutedResponse response = new RoutedResponse(res);
            try {
                if (!serve(request, response)) {
                    failures.unrouted(request, response);
                }
            } catch (Exception | Error e) {
                failures.failed(request, response, e);
            }
        };
    }

    /** What the gateway answers when no route took a request, or a route failed. */
    interface Failures {
        void unrouted(RoutedRequest request, RoutedResponse response) throws Exception;

        void failed(RoutedRequest request, RoutedResponse response, Throwable failure) throws Exception;
    }
}
