package io.jetway.gateway.console;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jetway.gateway.core.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The console's static pages under {@code /console}, read from the jar once at start: the app
 * ({@code console/} resources: one HTML page, ES modules, one style sheet) and uPlot from its WebJar.
 * Off (404) without an admin token. Every answer carries a Content-Security-Policy that allows only
 * this origin's scripts and styles (no inline code, no {@code eval}), and forbids framing.
 * Static assets are not API: they are not in openapi.yaml; the data they show comes from the admin API.
 */
public final class ConsolePages implements HttpService {

    /** The policy of every console page. */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

    private record Asset(byte[] bytes, String contentType) {}

    private final boolean enabled;
    private final Map<String, Asset> assets = new HashMap<>();

    /** @param enabled whether an admin token is set (else every page is a 404) */
    public ConsolePages(boolean enabled) {
        this.enabled = enabled;
        if (enabled) {
            for (String name : new String[] {
                "index.html",
                "app.js",
                "api.js",
                "traffic.js",
                "usage.js",
                "keys.js",
                "charts.js",
                "dom.js",
                "console.css"
            }) {
                assets.put("/" + name, new Asset(read("console/" + name), type(name)));
            }
            assets.put("/vendor/uPlot.iife.min.js", new Asset(read(UPLOT + "uPlot.iife.min.js"), type(".js")));
            assets.put("/vendor/uPlot.min.css", new Asset(read(UPLOT + "uPlot.min.css"), type(".css")));
            assets.put("/", assets.get("/index.html"));
        }
    }

    /** The 404 of a console that is off. */
    static GatewayException off() {
        return new GatewayException(
                404,
                GatewayException.NOT_FOUND,
                "The console is off: start the gateway with "
                        + "JETWAY_ADMIN_TOKEN set to turn it (and the admin API) on.",
                null,
                "console_disabled");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(this::serve);
    }

    private void serve(ServerRequest req, ServerResponse res) {
        if (!enabled) {
            throw off();
        }
        Method method = req.prologue().method();
        if (method != Method.GET && method != Method.HEAD) {
            throw new GatewayException(
                    405,
                    GatewayException.INVALID_REQUEST,
                    method.text() + " is not allowed on the console's pages: use GET.",
                    null,
                    "method_not_allowed");
        }
        String path = req.path().path();
        Asset asset = assets.get(path);
        if (asset == null) {
            throw new GatewayException(
                    404,
                    GatewayException.NOT_FOUND,
                    "The console has no page "
                            + (path.length() <= 100 ? path.replaceAll("[^\\x20-\\x7e]", "?") : "of that name")
                            + "; it starts at /console/.",
                    null,
                    "not_found");
        }
        res.header(HeaderNames.CONTENT_TYPE, asset.contentType());
        res.header(HeaderNames.create("Content-Security-Policy"), CSP);
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(method == Method.HEAD ? new byte[0] : asset.bytes());
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsolePages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the console's asset " + resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String type(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        throw new IllegalArgumentException("no content type for " + name);
    }
}
