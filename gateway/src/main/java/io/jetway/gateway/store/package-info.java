/**
 * Where virtual keys, stored configs, gateway API keys, the request log and limits live: one
 * {@link io.jetway.gateway.store.Store} interface, a JDBC implementation for an embedded SQLite file
 * (the default) or PostgreSQL (shared by many gateway nodes) ({@link io.jetway.gateway.store.JdbcStore}:
 * the pool, the schema's versions in {@code Migrations}, one repository class per concern), provider
 * secrets sealed with AES-256-GCM ({@link io.jetway.gateway.store.SecretBox}), and the short-TTL
 * in-memory cache the request path reads through ({@link io.jetway.gateway.store.CachedLookups}).
 */
package io.jetway.gateway.store;
