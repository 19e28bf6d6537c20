/**
 * The request pipeline: a chain of small interceptors, assembled in one place
 * ({@link io.jetway.gateway.pipeline.Pipeline#standard}), where the order is explained. Each
 * interceptor does one thing to the {@link io.jetway.gateway.pipeline.Exchange} and either answers
 * or calls {@link io.jetway.gateway.pipeline.Interceptor.Chain#proceed()}.
 */
package io.jetway.gateway.pipeline;
