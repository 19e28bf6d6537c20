package io.jetway.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** client/README.md shows the tested code of ReadmeExamples word for word. */
class ReadmeTest {

    @Test
    void everyCodeRegionOfTheExamplesIsInTheReadmeAsItIs() throws Exception {
        String examples = Files.readString(Path.of("src/test/java/io/jetway/client/examples/ReadmeExamples.java"));
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("// README:([a-z-]+)\\n(.*?)\\n\\s*// README:end", Pattern.DOTALL)
                .matcher(examples);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
            assertThat(readme).as("README region " + m.group(1)).contains(dedent(m.group(2)));
        }
        assertThat(names)
                .contains("create", "plain-chat", "stream", "tool-call", "structured", "errors", "timeouts", "raw");
    }

    static String dedent(String block) {
        String[] lines = block.split("\n");
        int indent = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String l : lines) {
            out.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return out.toString().stripTrailing();
    }
}
