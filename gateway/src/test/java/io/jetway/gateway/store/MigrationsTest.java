package io.jetway.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A released schema version is never edited: a database that has it will not run it again, so an
 * edit would leave existing stores and new ones with different schemas. Each released version's SQL
 * is pinned here by its SHA-256; a new version is appended to {@link Migrations#VERSIONS} and its
 * hash appended below once it is released.
 */
class MigrationsTest {

    /** Versions 1 to 5, as released. */
    private static final List<String> RELEASED = List.of(
            "411be572c0d963cbe8ea731778b6fb58018d54ba42e611eebf15ae25b21142a8",
            "887e2a94e17f4b21ccb5cfd1d64ce5be3a0d05f6c3619ac0640d4574757b7d84",
            "a6acc102cb59de677cade9c21518b785c752d62a8d25d96daf3a378c67eb52b8",
            "d714ac78b8e3eb13ffc2d2e0c9c5c822cc9869b34779892b90c1c828e58ef984",
            "b520c7ffda87cc68ce1eefbeda31f2f1e29aba9130c21779e725929e1aed5665");

    @Test
    void everyReleasedVersionIsStillThereWithTheSqlItWasReleasedWith() throws NoSuchAlgorithmException {
        assertThat(Migrations.VERSIONS).hasSizeGreaterThanOrEqualTo(RELEASED.size());
        for (int v = 1; v <= RELEASED.size(); v++) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] sql = String.join("\n;\n", Migrations.VERSIONS.get(v - 1)).getBytes(StandardCharsets.UTF_8);
            assertThat(HexFormat.of().formatHex(sha.digest(sql)))
                    .as("schema version %d", v)
                    .isEqualTo(RELEASED.get(v - 1));
        }
    }
}
