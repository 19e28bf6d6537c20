package io.jetway.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void theDefaultIsASqliteFileUnderData() {
        DatabaseUrl url = DatabaseUrl.parse(null);

        assertThat(url.dialect()).isEqualTo(DatabaseUrl.Dialect.SQLITE);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:./data/jetway.db");
        assertThat(url.sqliteFile()).isEqualTo(Path.of("./data/jetway.db"));
    }

    @Test
    void aPostgresUriBecomesAJdbcUrlWithCredentialsApart() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://jet%40way:p%3Ass@db.internal:6543/gateway?sslmode=require");

        assertThat(url.dialect()).isEqualTo(DatabaseUrl.Dialect.POSTGRESQL);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/gateway?sslmode=require");
        assertThat(url.user()).isEqualTo("jet@way");
        assertThat(url.password()).isEqualTo("p:ss");
        assertThat(url.toString()).doesNotContain("p:ss").contains("db.internal");
    }

    @Test
    void aJdbcPostgresUrlLosesItsCredentialsToTheirOwnFields() {
        DatabaseUrl url =
                DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/jetway_test?user=jt&password=s3cret&ssl=false");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/jetway_test?ssl=false");
        assertThat(url.user()).isEqualTo("jt");
        assertThat(url.password()).isEqualTo("s3cret");
        assertThat(url.describe()).doesNotContain("s3cret");
        assertThat(DatabaseUrl.parse("postgresql://h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
    }

    @Test
    void otherUrlsAreRefusedWithoutEchoingAPassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@db/x"))
                .hasMessageContaining("jdbc:sqlite:")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("jdbc:sqlite::memory:")).hasMessageContaining("outlive the process");
    }
}
