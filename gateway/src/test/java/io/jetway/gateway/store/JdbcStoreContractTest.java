package io.jetway.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.testing.MutableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Store} contract, run against both databases by the two nested classes: an embedded
 * SQLite file and a real PostgreSQL server (a fresh schema per test; see {@link TestDatabases}
 * for when that one skips). (JUnit's {@code @ParameterizedClass} needs 5.13; the Helidon BOM pins 5.12.)
 */
class JdbcStoreContractTest {

    @Nested
    @DisplayName("on SQLite")
    class OnSqlite extends Contract {
        OnSqlite() {
            super("sqlite");
        }
    }

    @Nested
    @DisplayName("on PostgreSQL")
    class OnPostgresql extends Contract {
        OnPostgresql() {
            super("postgresql");
        }
    }

    abstract static class Contract {

        static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
        static final String OPENAI_KEY = "sk-proj-abcdefghijklmnop1234";

        private final String backend;
        private final MutableClock clock = new MutableClock(T0);
        private final byte[] masterKey = new byte[32];

        @TempDir
        Path dir;

        private DatabaseUrl url;
        private JdbcStore store;

        Contract(String backend) {
            this.backend = backend;
            new SecureRandom().nextBytes(masterKey);
        }

        @BeforeEach
        void open() {
            url = backend.equals("sqlite") ? TestDatabases.sqlite(dir) : TestDatabases.freshPostgresSchema();
            store = open(masterKey);
        }

        private JdbcStore open(byte[] key) {
            return JdbcStore.open(url, new SecretBox(key), clock);
        }

        @AfterEach
        void close() {
            if (store != null) {
                store.close();
            }
            if (url != null && url.dialect() == DatabaseUrl.Dialect.POSTGRESQL) {
                TestDatabases.dropPostgresSchema(url);
            }
        }

        static StoredVirtualKey azure(String id, String apiKey) {
            EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
            options.put(ProviderOption.AZURE_RESOURCE_NAME, "my-resource");
            options.put(ProviderOption.AZURE_DEPLOYMENT_ID, "gpt4o");
            options.put(ProviderOption.AZURE_AD_TOKEN, "entra-token-secret");
            return new StoredVirtualKey(
                    id, "azure-openai", apiKey, "https://proxy.example.com/azure", false, options, null, null);
        }

        String column(String table, String column, String id) throws SQLException {
            try (Connection c = TestDatabases.connect(url);
                    PreparedStatement ps =
                            c.prepareStatement("SELECT " + column + " FROM " + table + " WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        }

        void setColumn(String table, String column, String id, String value) throws SQLException {
            try (Connection c = TestDatabases.connect(url);
                    PreparedStatement ps =
                            c.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE id = ?")) {
                ps.setString(1, value);
                ps.setString(2, id);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }

        @Test
        void virtualKeysComeBackAsStoredWithTheirSecrets() {
            StoredVirtualKey created = store.createVirtualKey(azure("azure-prod", OPENAI_KEY));

            StoredVirtualKey read = store.virtualKey("azure-prod").orElseThrow();

            assertThat(read).isEqualTo(created);
            assertThat(read.provider()).isEqualTo("azure-openai");
            assertThat(read.apiKey()).isEqualTo(OPENAI_KEY);
            assertThat(read.customHost()).isEqualTo("https://proxy.example.com/azure");
            assertThat(read.options())
                    .containsEntry(ProviderOption.AZURE_RESOURCE_NAME, "my-resource")
                    .containsEntry(ProviderOption.AZURE_DEPLOYMENT_ID, "gpt4o")
                    .containsEntry(ProviderOption.AZURE_AD_TOKEN, "entra-token-secret")
                    .hasSize(3);
            assertThat(read.createdAt()).isEqualTo(T0);
            assertThat(read.updatedAt()).isEqualTo(T0);
            assertThat(store.virtualKey("nope")).isEmpty();
        }

        @Test
        void secretsAreSealedAtRestAndNeverInPlainColumns() throws SQLException {
            store.createVirtualKey(azure("azure-prod", OPENAI_KEY));

            String sealed = column("jetway_virtual_keys", "secrets", "azure-prod");
            String plain = column("jetway_virtual_keys", "options", "azure-prod");

            assertThat(sealed).startsWith("v1:").doesNotContain(OPENAI_KEY).doesNotContain("entra-token-secret");
            assertThat(plain).contains("my-resource").doesNotContain(OPENAI_KEY).doesNotContain("entra-token-secret");
            assertThat(column("jetway_virtual_keys", "api_key_last4", "azure-prod"))
                    .isEqualTo("1234");
            assertThat(store.toString()).doesNotContain("password");
        }

        @Test
        void aSealedValueMovedToAnotherRowDoesNotOpen() throws SQLException {
            store.createVirtualKey(azure("a", "key-of-a-0123456789"));
            store.createVirtualKey(azure("b", "key-of-b-0123456789"));
            setColumn("jetway_virtual_keys", "secrets", "b", column("jetway_virtual_keys", "secrets", "a"));

            assertThatThrownBy(() -> store.virtualKey("b"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("virtual key 'b' cannot be opened")
                    .hasMessageNotContaining("key-of-a");
            assertThat(store.virtualKey("a").orElseThrow().apiKey()).isEqualTo("key-of-a-0123456789");
        }

        @Test
        void aVirtualKeyWithoutSecretsStoresNone() throws SQLException {
            store.createVirtualKey(new StoredVirtualKey("local", "ollama", null, null, false, Map.of(), null, null));

            assertThat(column("jetway_virtual_keys", "secrets", "local")).isNull();
            StoredVirtualKey read = store.virtualKey("local").orElseThrow();
            assertThat(read.apiKey()).isNull();
            assertThat(read.customHost()).isNull();
            assertThat(read.options()).isEmpty();
        }

        @Test
        void takenIdsAreRefused() {
            store.createVirtualKey(azure("dup", OPENAI_KEY));
            store.createConfig("dup", "{\"provider\":\"openai\"}");

            assertThatThrownBy(() -> store.createVirtualKey(azure("dup", "other")))
                    .isInstanceOf(StoreException.AlreadyExists.class);
            assertThatThrownBy(() -> store.createConfig("dup", "{}")).isInstanceOf(StoreException.AlreadyExists.class);
            store.createApiKey("ak-1", "ci", ApiKeyHash.of("k1"), "ey01");
            assertThatThrownBy(() -> store.createApiKey("ak-1", "again", ApiKeyHash.of("k2"), "ey02"))
                    .isInstanceOf(StoreException.AlreadyExists.class);
            assertThatThrownBy(() -> store.createApiKey("ak-2", "same key", ApiKeyHash.of("k1"), "ey01"))
                    .isInstanceOf(StoreException.AlreadyExists.class);
            assertThat(store.virtualKey("dup").orElseThrow().apiKey()).isEqualTo(OPENAI_KEY);
        }

        @Test
        void updatesReplaceTheFieldsAndKeepCreationTime() {
            store.createVirtualKey(azure("k", OPENAI_KEY));
            clock.advance(Duration.ofSeconds(30));

            StoredVirtualKey updated = store.updateVirtualKey(new StoredVirtualKey(
                            "k",
                            "openai",
                            "sk-new-key-0000000000",
                            null,
                            false,
                            Map.of(ProviderOption.OPENAI_PROJECT, "proj"),
                            null,
                            null))
                    .orElseThrow();

            StoredVirtualKey read = store.virtualKey("k").orElseThrow();
            assertThat(read).isEqualTo(updated);
            assertThat(read.provider()).isEqualTo("openai");
            assertThat(read.apiKey()).isEqualTo("sk-new-key-0000000000");
            assertThat(read.customHost()).isNull();
            assertThat(read.options()).containsExactly(Map.entry(ProviderOption.OPENAI_PROJECT, "proj"));
            assertThat(read.createdAt()).isEqualTo(T0);
            assertThat(read.updatedAt()).isEqualTo(T0.plusSeconds(30));
            assertThat(store.updateVirtualKey(azure("missing", "x"))).isEmpty();
        }

        @Test
        void listsAreOldestFirstAndDeletesRemove() {
            store.createVirtualKey(azure("second-by-name-first-by-time", OPENAI_KEY));
            clock.advance(Duration.ofSeconds(1));
            store.createVirtualKey(azure("a-later", OPENAI_KEY));

            assertThat(store.virtualKeys())
                    .extracting(StoredVirtualKey::id)
                    .containsExactly("second-by-name-first-by-time", "a-later");
            assertThat(store.deleteVirtualKey("a-later")).isTrue();
            assertThat(store.deleteVirtualKey("a-later")).isFalse();
            assertThat(store.virtualKeys())
                    .extracting(StoredVirtualKey::id)
                    .containsExactly("second-by-name-first-by-time");
        }

        @Test
        void configsAreCreatedReadUpdatedListedAndDeleted() {
            StoredConfig created = store.createConfig("pc-fallback", "{\"strategy\":{\"mode\":\"fallback\"}}");
            clock.advance(Duration.ofSeconds(5));
            store.createConfig("pc-single", "{\"virtual_key\":\"openai-prod\"}");

            assertThat(store.config("pc-fallback")).contains(created);
            assertThat(store.configs()).extracting(StoredConfig::id).containsExactly("pc-fallback", "pc-single");

            clock.advance(Duration.ofSeconds(5));
            StoredConfig updated = store.updateConfig("pc-fallback", "{\"virtual_key\":\"other\"}")
                    .orElseThrow();
            assertThat(updated.json()).isEqualTo("{\"virtual_key\":\"other\"}");
            assertThat(updated.createdAt()).isEqualTo(T0);
            assertThat(updated.updatedAt()).isEqualTo(T0.plusSeconds(10));
            assertThat(store.updateConfig("missing", "{}")).isEmpty();

            assertThat(store.deleteConfig("pc-single")).isTrue();
            assertThat(store.deleteConfig("pc-single")).isFalse();
            assertThat(store.config("pc-single")).isEmpty();
        }

        @Test
        void apiKeysAreFoundByHashAndTellWhetherAnyExists() {
            assertThat(store.hasApiKeys()).isFalse();
            StoredApiKey created = store.createApiKey("ak-1", "ci", ApiKeyHash.of("jw-secret"), "cret");

            assertThat(store.hasApiKeys()).isTrue();
            assertThat(store.apiKeyByHash(ApiKeyHash.of("jw-secret"))).contains(created);
            assertThat(store.apiKeyByHash(ApiKeyHash.of("jw-other"))).isEmpty();
            assertThat(store.apiKey("ak-1")).contains(created);

            clock.advance(Duration.ofSeconds(2));
            StoredApiKey renamed = store.renameApiKey("ak-1", "deploy bot").orElseThrow();
            assertThat(renamed.name()).isEqualTo("deploy bot");
            assertThat(renamed.keyHash()).isEqualTo(ApiKeyHash.of("jw-secret"));
            assertThat(renamed.updatedAt()).isEqualTo(T0.plusSeconds(2));
            assertThat(store.renameApiKey("missing", "x")).isEmpty();
            assertThat(store.apiKeys()).containsExactly(renamed);

            assertThat(store.deleteApiKey("ak-1")).isTrue();
            assertThat(store.hasApiKeys()).isFalse();
            assertThat(store.apiKeyByHash(ApiKeyHash.of("jw-secret"))).isEmpty();
        }

        @Test
        void reopeningMigratesNothingTwiceAndKeepsTheData() {
            store.createVirtualKey(azure("kept", OPENAI_KEY));
            store.close();

            store = open(masterKey);

            assertThat(store.schemaVersion()).isEqualTo(JdbcStore.MIGRATIONS.size());
            assertThat(store.virtualKey("kept").orElseThrow().apiKey()).isEqualTo(OPENAI_KEY);
        }

        @Test
        void whetherAKeyAllowsCallerHostsIsStoredAndUpdated() {
            StoredVirtualKey open =
                    new StoredVirtualKey("open", "openai", OPENAI_KEY, null, true, Map.of(), null, null);
            store.createVirtualKey(open);
            store.createVirtualKey(azure("closed", OPENAI_KEY));

            assertThat(store.virtualKey("open").orElseThrow().allowCallerCustomHost())
                    .isTrue();
            assertThat(store.virtualKey("closed").orElseThrow().allowCallerCustomHost())
                    .isFalse();
            store.updateVirtualKey(
                    new StoredVirtualKey("open", "openai", OPENAI_KEY, null, false, Map.of(), null, null));
            assertThat(store.virtualKey("open").orElseThrow().toVirtualKey().allowCallerCustomHost())
                    .isFalse();
        }

        @Test
        void keysFromBeforeTheCallerHostFlagDoNotAllowCallerHosts() {
            store.createVirtualKey(new StoredVirtualKey("old", "openai", OPENAI_KEY, null, true, Map.of(), null, null));
            store.close();
            // Back to schema version 2, when the column did not exist.
            TestDatabases.execute(url, "ALTER TABLE jetway_virtual_keys DROP COLUMN allow_caller_custom_host");
            TestDatabases.execute(url, "DELETE FROM jetway_schema_version WHERE version >= 3");
            // And undo version 4 (limits, the request log's cost and key), which comes after it.
            TestDatabases.execute(url, "DROP TABLE jetway_limits");
            TestDatabases.execute(url, "ALTER TABLE jetway_request_log DROP COLUMN cost_picos");
            TestDatabases.execute(url, "ALTER TABLE jetway_request_log DROP COLUMN api_key_id");

            store = open(masterKey);

            assertThat(store.schemaVersion()).isEqualTo(JdbcStore.MIGRATIONS.size());
            StoredVirtualKey old = store.virtualKey("old").orElseThrow();
            assertThat(old.allowCallerCustomHost()).isFalse();
            assertThat(old.apiKey()).isEqualTo(OPENAI_KEY);
        }

        @Test
        void twoNodesOnOneDatabaseSeeEachOthersWrites() {
            try (JdbcStore other = open(masterKey)) {
                other.createVirtualKey(azure("from-node-b", OPENAI_KEY));
                other.createApiKey("ak-b", "node b", ApiKeyHash.of("jw-b"), "jw-b");

                assertThat(store.virtualKey("from-node-b").orElseThrow().apiKey())
                        .isEqualTo(OPENAI_KEY);
                assertThat(store.apiKeyByHash(ApiKeyHash.of("jw-b"))).isPresent();
            }
        }

        @Test
        void aDifferentMasterKeyIsRefusedAtStart() {
            store.createVirtualKey(azure("sealed", OPENAI_KEY));
            store.close();
            byte[] other = masterKey.clone();
            other[0] ^= 1;

            assertThatThrownBy(() -> open(other))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("master key does not open the secrets");
            store = open(masterKey);
            assertThat(store.virtualKey("sealed")).isPresent();
        }

        @Test
        void aDatabaseFromANewerJetwayIsRefused() {
            TestDatabases.execute(url, "INSERT INTO jetway_schema_version (version, applied_at) VALUES (99, 0)");
            store.close();
            store = null;

            assertThatThrownBy(() -> open(masterKey))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("schema version 99, newer than this Jetway knows");
        }
    }
}
