/**
 * Jetway's entry point ({@link io.jetway.gateway.Main}), process settings
 * ({@link io.jetway.gateway.GatewaySettings}) and the composition root
 * ({@link io.jetway.gateway.GatewayAssembly}): the one place that builds and wires every part, and
 * so the only package that may know all the others.
 */
package io.jetway.gateway;
