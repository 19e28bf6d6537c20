package io.jetway.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.api.model.CreateChatCompletionResponse;
import io.jetway.sse.SseDecoder;
import java.io.DataInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * This module's test class path is the one a consumer of the client gets (the enforcer's
 * bannedDependencies rule in client/pom.xml fails the build when that changes): no server-side
 * artifact on it, and everything the client ships runs on Java 17.
 */
class ConsumerClasspathTest {

    @Test
    void theClientWorksWithoutTheServersValidationAndSwaggerAnnotations() {
        for (String serverSide : new String[] {
            "jakarta.validation.Valid",
            "io.swagger.annotations.ApiModel",
            "org.hibernate.validator.HibernateValidator",
            "io.helidon.webserver.WebServer"
        }) {
            assertThatThrownBy(() -> Class.forName(serverSide))
                    .as(serverSide)
                    .isInstanceOf(ClassNotFoundException.class);
        }
        // the generated models carry jakarta.validation annotations; absent, they are ignored
        assertThat(CreateChatCompletionResponse.class.getDeclaredMethods()).isNotEmpty();
    }

    @Test
    void theClientTheModelsAndTheSseDecoderAreJava17Bytecode() throws Exception {
        for (Class<?> shipped : new Class<?>[] {
            JetwayClient.class, CreateChatCompletionResponse.class, SseDecoder.class, io.jetway.client.api.ChatApi.class
        }) {
            try (InputStream in = shipped.getResourceAsStream(shipped.getSimpleName() + ".class")) {
                DataInputStream data = new DataInputStream(in);
                assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
                data.readUnsignedShort();
                assertThat(data.readUnsignedShort()).as(shipped.getName()).isEqualTo(61);
            }
        }
    }
}
