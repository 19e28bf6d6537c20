/**
 * The response cache: stored answers ({@link io.jetway.gateway.cache.CachedResponse}), their keys
 * ({@link io.jetway.gateway.cache.CacheKey}) and the backends behind one interface
 * ({@link io.jetway.gateway.cache.ResponseCache}): in-process (Caffeine, bounded by bytes) by
 * default, Redis when {@code JETWAY_REDIS_URL} is set so that every gateway node shares one cache.
 * The pipeline step that uses them is {@code io.jetway.gateway.pipeline.CacheInterceptor}.
 * https://portkey.ai/docs/product/ai-gateway/cache-simple-and-semantic
 */
package io.jetway.gateway.cache;
