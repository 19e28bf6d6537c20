package io.jetway.gateway.console;

import io.jetway.gateway.admin.AdminAuth;
import io.jetway.gateway.requestlog.RequestLog;
import io.jetway.gateway.store.Store;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The web console as the server routes it: its admin resources ({@link ConsoleApi}, under
 * {@code /v1/admin/console}, routed before the admin API) and its pages ({@link ConsolePages}, under
 * {@code /console}). Its sessions are made first, for {@link AdminAuth}.
 */
public record Console(ConsoleApi api, ConsolePages pages) {

    /**
     * @param db         the store's pool (the console's queries of the request log read it)
     * @param requestLog flushed before the console reads the log
     */
    public static Console create(
            AdminAuth auth,
            ConsoleSessions sessions,
            DataSource db,
            Store store,
            RequestLog requestLog,
            boolean logBodies,
            Clock clock) {
        return new Console(
                new ConsoleApi(auth, sessions, new ConsoleQueries(db), store, requestLog, logBodies, clock),
                new ConsolePages(auth.enabled()));
    }
}
