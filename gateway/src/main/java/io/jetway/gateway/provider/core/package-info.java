/**
 * What holds for every provider, written once: the request as the provider must read it, the
 * config's {@code override_params} applied ({@link io.jetway.gateway.provider.core.EffectiveRequest}),
 * data URLs ({@link io.jetway.gateway.provider.core.DataUrl}), and the per-provider table of
 * parameters ({@link io.jetway.gateway.provider.core.ParamTable}) that says which request fields a
 * provider keeps, renames, clamps, drops or refuses, and so which it names in
 * {@code x-jetway-dropped-params}. Nothing here knows a particular provider.
 */
package io.jetway.gateway.provider.core;
