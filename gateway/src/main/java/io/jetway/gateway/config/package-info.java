/**
 * Portkey-style configs ({@code x-portkey-config}): parsing with every problem reported at its
 * path, and the resulting target settings.
 */
package io.jetway.gateway.config;
