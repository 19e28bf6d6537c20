package io.jetway.gateway.provider.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.provider.Providers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A provider's folder of conformance cases is never left without the suite that runs it, and a case
 * folder holds only files the suite reads: a misspelt fixture fails here instead of never running.
 */
class EveryConformanceFolderHasASuiteTest {

    @Test
    void eachProviderFolderIsAKnownProviderWithItsConformanceSuite() throws IOException {
        Path root = ProviderConformanceTest.folder("");
        List<String> missing = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path dir : s.filter(Files::isDirectory).toList()) {
                String id = dir.getFileName().toString();
                Providers.defaults().get(id, "x-portkey-provider");
                try {
                    Class<?> suite = Class.forName(getClass().getPackageName() + "." + suiteName(id));
                    assertThat(ProviderConformanceTest.class).isAssignableFrom(suite);
                } catch (ClassNotFoundException e) {
                    missing.add(suiteName(id));
                }
            }
        }
        assertThat(missing)
                .as("add a ProviderConformanceTest subclass for each")
                .isEmpty();
    }

    @Test
    void everyFileInACaseFolderHasANameTheLayoutKnows() throws IOException {
        Path root = ProviderConformanceTest.folder("");
        List<String> unknown = new ArrayList<>();
        List<String> withoutRequest = new ArrayList<>();
        try (Stream<Path> providers = Files.list(root)) {
            for (Path provider : providers.filter(Files::isDirectory).toList()) {
                try (Stream<Path> entries = Files.list(provider)) {
                    for (Path entry : entries.toList()) {
                        if (!Files.isDirectory(entry)) {
                            if (!entry.getFileName().toString().equals("SOURCES.md")) {
                                unknown.add(root.relativize(entry).toString());
                            }
                            continue;
                        }
                        if (!Files.exists(entry.resolve("request.json"))) {
                            withoutRequest.add(root.relativize(entry).toString());
                        }
                        try (Stream<Path> files = Files.list(entry)) {
                            files.filter(f -> !ProviderConformanceTest.CASE_FILES.contains(
                                            f.getFileName().toString()))
                                    .forEach(f -> unknown.add(root.relativize(f).toString()));
                        }
                    }
                }
            }
        }
        assertThat(unknown)
                .as("files the layout (conformance/README.md) does not name: rename or remove them")
                .isEmpty();
        assertThat(withoutRequest).as("case folders without request.json").isEmpty();
    }

    @Test
    void noExpectedOutputOrUpstreamInputIsLeftUncompared() throws IOException {
        Path root = ProviderConformanceTest.folder("");
        List<String> orphans = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root, 2)) {
            for (Path c : s.filter(
                            p -> Files.isDirectory(p) && root.relativize(p).getNameCount() == 2)
                    .toList()) {
                if (Files.exists(c.resolve("answer.expected.json"))
                        && !Files.exists(c.resolve("answer.upstream.json"))) {
                    orphans.add(root.relativize(c) + "/answer.expected.json");
                }
                if (Files.exists(c.resolve("stream.expected.jsonl"))
                        && !Files.exists(c.resolve("stream.upstream"))
                        && !Files.exists(c.resolve("stream.upstream.events.json"))) {
                    orphans.add(root.relativize(c) + "/stream.expected.jsonl");
                }
                boolean answer = Files.exists(c.resolve("answer.upstream.json"));
                boolean stream = Files.exists(c.resolve("stream.upstream"))
                        || Files.exists(c.resolve("stream.upstream.events.json"));
                if (answer && !stream && !Files.exists(c.resolve("answer.expected.json"))) {
                    orphans.add(root.relativize(c) + "/answer.upstream.json");
                }
                if (stream && !answer && !Files.exists(c.resolve("stream.expected.jsonl"))) {
                    orphans.add(root.relativize(c) + "/stream.upstream*");
                }
                if (Files.exists(c.resolve("error.upstream.json")) != Files.exists(c.resolve("error.expected.json"))) {
                    orphans.add(root.relativize(c) + "/error.*");
                }
            }
        }
        assertThat(orphans)
                .as("files that would never be compared with anything")
                .isEmpty();
    }

    /** {@code vertex-ai} → {@code VertexAiConformanceTest}. */
    static String suiteName(String provider) {
        StringBuilder b = new StringBuilder();
        for (String part : provider.split("-")) {
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b + "ConformanceTest";
    }
}
