package io.jetway.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    @TempDir
    Path dir;

    final SecureRandom random = new SecureRandom();

    @Test
    void theEnvironmentKeyIsBase64OfThirtyTwoBytes() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        DatabaseUrl pg = DatabaseUrl.parse("postgres://u:p@db:5432/jetway");

        assertThat(MasterKey.resolve(Base64.getEncoder().encodeToString(key), pg, random))
                .isEqualTo(key);
        assertThat(MasterKey.resolve(Base64.getUrlEncoder().withoutPadding().encodeToString(key), pg, random))
                .isEqualTo(key);
    }

    @Test
    void aMalformedEnvironmentKeySaysHowToMakeOne() {
        DatabaseUrl sqlite = TestDatabases.sqlite(dir);

        assertThatThrownBy(() -> MasterKey.resolve("not base64 !", sqlite, random))
                .hasMessageContaining("JETWAY_MASTER_KEY is not valid base64")
                .hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> MasterKey.resolve(Base64.getEncoder().encodeToString(new byte[16]), sqlite, random))
                .hasMessageContaining("decodes to 16 bytes");
    }

    @Test
    void postgresqlWithoutAKeyRefusesToStart() {
        assertThatThrownBy(() -> MasterKey.resolve(null, DatabaseUrl.parse("jdbc:postgresql://db/jetway"), random))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JETWAY_MASTER_KEY is not set")
                .hasMessageContaining("every node");
    }

    @Test
    void sqliteWithoutAKeyGeneratesAPrivateKeyFileOnceAndReusesIt() throws Exception {
        DatabaseUrl sqlite = DatabaseUrl.parse("jdbc:sqlite:" + dir.resolve("sub/jetway.db"));

        byte[] first = MasterKey.resolve(null, sqlite, random);
        byte[] second = MasterKey.resolve("", sqlite, random);

        Path file = dir.resolve("sub/jetway.db.master-key");
        assertThat(first).hasSize(32).isEqualTo(second);
        assertThat(Files.readString(file).strip()).isEqualTo(Base64.getEncoder().encodeToString(first));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}
