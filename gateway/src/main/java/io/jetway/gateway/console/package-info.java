/**
 * The web console at {@code /console}: its static pages ({@link io.jetway.gateway.console.ConsolePages}),
 * its sessions ({@link io.jetway.gateway.console.ConsoleSessions}) and the admin resources only it
 * needs ({@link io.jetway.gateway.console.ConsoleApi}, tag {@code AdminConsole} of openapi.yaml, with
 * its queries of the request log in {@link io.jetway.gateway.console.ConsoleQueries}). The pages call
 * the admin API with the session cookie and a CSRF header ({@link io.jetway.gateway.admin.AdminAuth}).
 */
package io.jetway.gateway.console;
