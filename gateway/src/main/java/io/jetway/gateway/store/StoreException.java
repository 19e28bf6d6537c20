package io.jetway.gateway.store;

/**
 * The database failed (unreachable, full, a broken row). Its message names the operation, never
 * a secret; the cause keeps the driver's detail for the log.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The id of a new object is taken already. */
    public static final class AlreadyExists extends StoreException {
        private static final long serialVersionUID = 1L;

        public AlreadyExists(String what, String id) {
            super(what + " '" + id + "' already exists", null);
        }
    }
}
