package io.jetway.gateway.guardrails;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.jetway.gateway.core.GatewayException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Portkey's {@code validUrls}: every http(s) URL in the text is valid — it answers a HEAD request
 * with a 2xx (default), or its host resolves ({@code onlyDNS}); {@code not}.
 *
 * <p>The URLs come from a model's answer, so they are the model's choice, not the operator's: each
 * host passes the gateway's SSRF guard first ({@link io.jetway.gateway.upstream.CustomHostPolicy}:
 * an internal address counts as invalid and is never contacted), redirects are not followed (a
 * 3xx counts as valid: the URL exists), and all lookups of one check share Portkey's 3-second limit
 * (at most {@value #MAX_URLS} URLs are looked at; the rest count as invalid).
 */
final class UrlChecks implements CheckFunction {

    static final int MAX_URLS = 20;
    static final Duration LIMIT = Duration.ofSeconds(3);
    private static final Pattern URL = Pattern.compile("https?://[^\\s,\"'{}\\[\\]]+");
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(LIMIT)
            .build();

    static void register(Map<String, CheckFunction> registry) {
        registry.put("default.validUrls", new UrlChecks());
    }

    @Override
    public CheckResult run(HookContext context, Event event, ObjectNode parameters) {
        String text = context.text(event);
        boolean not = Params.not(parameters);
        boolean onlyDns = Params.truthy(parameters, "onlyDNS");
        String method = onlyDns ? "DNS lookup" : "HTTP request";
        if (text.isEmpty()) {
            ObjectNode data = Params.object();
            data.put("explanation", "An error occurred while validating URLs: Missing text to analyze");
            data.put("validationMethod", method);
            data.put("not", not);
            data.put("textExcerpt", "No text available");
            return Params.error("Missing text to analyze", data);
        }
        List<String> urls = new ArrayList<>();
        Matcher m = URL.matcher(text);
        while (m.find()) {
            urls.add(m.group());
        }
        if (urls.isEmpty()) {
            ObjectNode data = Params.object();
            data.put("explanation", "No URLs found in the text.");
            data.putArray("urls");
            data.put("validationMethod", method);
            data.put("not", not);
            data.put("textExcerpt", Params.excerpt(text));
            return CheckResult.of(false, data);
        }
        boolean[] valid = check(urls, onlyDns, context.outbound());
        List<String> good = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            (valid[i] ? good : bad).add(urls.get(i));
        }
        boolean allValid = bad.isEmpty();
        boolean verdict = not != allValid;
        ObjectNode data = Params.object();
        data.put("verdict", verdict);
        data.put("not", not);
        data.put(
                "explanation",
                verdict
                        ? not
                                ? "All URLs are invalid as expected (" + bad.size() + " of " + urls.size() + ")."
                                : "All URLs are valid (" + good.size() + " found)."
                        : not
                                ? "Some URLs are valid when they should all be invalid (" + good.size() + " of "
                                        + urls.size() + ")."
                                : "Some URLs are invalid (" + bad.size() + " of " + urls.size() + " failed).");
        good.forEach(data.putArray("validUrls")::add);
        bad.forEach(data.putArray("invalidUrls")::add);
        data.put("validationMethod", method);
        data.put("textExcerpt", Params.excerpt(text));
        return CheckResult.of(verdict, data);
    }

    /** Looks at the URLs at once, each on a virtual thread; whatever is not done within {@link #LIMIT} is invalid. */
    private static boolean[] check(List<String> urls, boolean onlyDns, Outbound outbound) {
        boolean[] valid = new boolean[urls.size()];
        if (outbound == null) {
            return valid;
        }
        long deadline = System.nanoTime() + LIMIT.toNanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < Math.min(urls.size(), MAX_URLS); i++) {
                String url = urls.get(i);
                results.add(threads.submit(() -> one(url, onlyDns, outbound)));
            }
            for (int i = 0; i < results.size(); i++) {
                try {
                    valid[i] = results.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception notInTime) {
                    results.get(i).cancel(true);
                }
            }
            threads.shutdownNow();
        }
        return valid;
    }

    private static boolean one(String url, boolean onlyDns, Outbound outbound) {
        URI uri;
        try {
            uri = URI.create(url);
            if (uri.getHost() == null) {
                return false;
            }
            // The guard resolves the host: it passing means the name resolves to an address we may contact.
            outbound.hosts().check(uri.getScheme() + "://" + uri.getRawAuthority(), "validUrls");
        } catch (IllegalArgumentException | GatewayException refusedOrUnresolved) {
            return false;
        }
        if (onlyDns) {
            return true;
        }
        try {
            HttpResponse<Void> res = HTTP.send(
                    HttpRequest.newBuilder(uri)
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .header("User-Agent", "URLValidator/1.0")
                            .timeout(LIMIT)
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return res.statusCode() >= 200 && res.statusCode() < 400;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception unreachable) {
            return false;
        }
    }
}
