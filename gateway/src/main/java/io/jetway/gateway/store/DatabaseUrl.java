package io.jetway.gateway.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code JETWAY_DATABASE_URL}, understood: {@code jdbc:sqlite:<file>} (the default,
 * {@code jdbc:sqlite:./data/jetway.db}), {@code jdbc:postgresql://host:port/db?user=…&password=…},
 * or the usual {@code postgres://user:pass@host:port/db} (also {@code postgresql://}), converted.
 * Credentials are taken out of the URL into {@link #user()} / {@link #password()} so that the URL
 * itself can be logged; {@link #toString()} never shows the password.
 *
 * @param jdbcUrl    the driver URL, without credentials
 * @param sqliteFile the database file (SQLite only, else null)
 */
public record DatabaseUrl(Dialect dialect, String jdbcUrl, String user, String password, Path sqliteFile) {

    public static final String DEFAULT = "jdbc:sqlite:./data/jetway.db";

    /** The database kinds the store speaks. */
    public enum Dialect {
        SQLITE,
        POSTGRESQL
    }

    /** @throws IllegalArgumentException with a message saying what is accepted */
    public static DatabaseUrl parse(String url) {
        String u = url == null || url.isBlank() ? DEFAULT : url.strip();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            String file = u.substring("jdbc:sqlite:".length());
            int query = file.indexOf('?');
            String path = query < 0 ? file : file.substring(0, query);
            if (path.isEmpty() || path.equals(":memory:") || path.startsWith("file:")) {
                throw new IllegalArgumentException(
                        "JETWAY_DATABASE_URL must name a SQLite file (jdbc:sqlite:<path>), not '" + path
                                + "': the store must outlive the process");
            }
            return new DatabaseUrl(Dialect.SQLITE, "jdbc:sqlite:" + file, null, null, Path.of(path));
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return fromJdbcPostgres(u);
        }
        if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
            return fromPostgresUri(u);
        }
        throw new IllegalArgumentException("JETWAY_DATABASE_URL must start with jdbc:sqlite:, jdbc:postgresql:// or "
                + "postgres:// (got '" + redact(u) + "')");
    }

    private static DatabaseUrl fromJdbcPostgres(String u) {
        int q = u.indexOf('?');
        String base = q < 0 ? u : u.substring(0, q);
        String user = null;
        String password = null;
        List<String> rest = new ArrayList<>();
        if (q >= 0) {
            for (String pair : u.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                switch (name) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    default -> rest.add(pair);
                }
            }
        }
        String jdbc = rest.isEmpty() ? base : base + "?" + String.join("&", rest);
        return new DatabaseUrl(Dialect.POSTGRESQL, jdbc, user, password, null);
    }

    private static DatabaseUrl fromPostgresUri(String u) {
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("JETWAY_DATABASE_URL is not a valid postgres:// URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("JETWAY_DATABASE_URL names no host: postgres://user:pass@host:port/db");
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
            password = colon < 0 ? null : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
        }
        String db = uri.getRawPath() == null || uri.getRawPath().length() <= 1
                ? "postgres"
                : uri.getRawPath().substring(1);
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                ? "[" + uri.getHost() + "]"
                : uri.getHost();
        String jdbc = "jdbc:postgresql://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/" + db
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        DatabaseUrl parsed = fromJdbcPostgres(jdbc);
        return new DatabaseUrl(
                Dialect.POSTGRESQL,
                parsed.jdbcUrl(),
                user != null ? user : parsed.user(),
                password != null ? password : parsed.password(),
                null);
    }

    /** A URL with any password replaced, for messages. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("(://[^:/@]*:)[^@/]*@", "$1***@");
    }

    /** Where the store is, for logs: no credentials. */
    public String describe() {
        return switch (dialect) {
            case SQLITE -> "SQLite " + sqliteFile;
            case POSTGRESQL -> "PostgreSQL " + jdbcUrl + (user == null ? "" : " as " + user);
        };
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + describe() + "]";
    }
}
