/**
 * Where virtual keys, stored configs and gateway API keys live: one {@link io.jetway.gateway.store.Store}
 * interface, a JDBC implementation for an embedded SQLite file (the default) or PostgreSQL (shared
 * by many gateway nodes), provider secrets sealed with AES-256-GCM ({@link io.jetway.gateway.store.SecretBox}),
 * and the short-TTL in-memory cache the request path reads through ({@link io.jetway.gateway.store.CachedLookups}).
 */
package io.jetway.gateway.store;
