/** Jetway's entry point and process settings. */
package io.jetway.gateway;
