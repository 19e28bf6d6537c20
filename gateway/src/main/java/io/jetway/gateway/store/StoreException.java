package io.jetway.gateway.store;

/**
 * The database failed (unreachable, full, a broken row). Its message names the operation, never
 * a secret; the cause keeps the driver's detail for the log.
 */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The id of a new object is taken already. */
    public static final class AlreadyExists extends StoreException {
        public AlreadyExists(String what, String id) {
            super(what + " '" + id + "' already exists", null);
        }
    }
}
