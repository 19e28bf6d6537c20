package io.jetway.gateway.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The key that seals provider secrets: {@code JETWAY_MASTER_KEY} (base64 of 32 bytes). Without
 * it, a SQLite store generates one into a file next to the database ({@code <db>.master-key},
 * mode 0600) on first start and reads it afterwards — convenient, but whoever can read the
 * database directory can read the key too, so production sets the variable. A PostgreSQL store
 * refuses to start without it: nodes sharing a database must share the key, and a key file on one
 * node's disk would leave the others unable to read what it wrote.
 */
public final class MasterKey {

    private static final System.Logger LOG = System.getLogger(MasterKey.class.getName());
    private static final String HOW = "generate one with `openssl rand -base64 32`";

    private MasterKey() {}

    /** @throws IllegalStateException with a message saying how to fix the setting */
    public static byte[] resolve(String env, DatabaseUrl db, SecureRandom random) {
        if (env != null && !env.isBlank()) {
            return decode(env.strip(), "JETWAY_MASTER_KEY");
        }
        return switch (db.dialect()) {
            case POSTGRESQL ->
                throw new IllegalStateException("JETWAY_MASTER_KEY is not set. With PostgreSQL every "
                        + "gateway node must use the same master key to seal and open provider secrets: " + HOW
                        + ", and set it on every node.");
            case SQLITE -> fromFile(keyFile(db.sqliteFile()), random);
        };
    }

    /** Where a SQLite store keeps its generated key. */
    public static Path keyFile(Path database) {
        return database.resolveSibling(database.getFileName() + ".master-key");
    }

    private static byte[] fromFile(Path file, SecureRandom random) {
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
            }
            byte[] key = new byte[32];
            random.nextBytes(key);
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            try {
                if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                    Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(owner));
                } else {
                    Files.createFile(file);
                }
            } catch (FileAlreadyExistsException raced) {
                // Another process created it between our check and here: use theirs.
                return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            LOG.log(
                    Level.WARNING,
                    "JETWAY_MASTER_KEY is not set: generated a master key for provider secrets in " + file
                            + " (mode 0600). Keep it with the database, or move it into JETWAY_MASTER_KEY.");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + file, e);
        }
    }

    private static byte[] decode(String text, String source) {
        byte[] key;
        try {
            key = text.contains("-") || text.contains("_")
                    ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    source + " is not valid base64: it must be the base64 of 32 random bytes (" + HOW + ").");
        }
        if (key.length != 32) {
            throw new IllegalStateException(source + " decodes to " + key.length + " bytes; it must be the base64 of "
                    + "32 random bytes (" + HOW + ").");
        }
        return key;
    }
}
