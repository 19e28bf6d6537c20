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

/** A provider's folder of conformance cases is never left without the suite that runs it. */
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

    /** {@code vertex-ai} → {@code VertexAiConformanceTest}. */
    static String suiteName(String provider) {
        StringBuilder b = new StringBuilder();
        for (String part : provider.split("-")) {
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b + "ConformanceTest";
    }
}
