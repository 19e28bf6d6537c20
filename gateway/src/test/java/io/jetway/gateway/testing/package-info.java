/** Test doubles shared by the gateway's tests (a clock tests move by hand). */
package io.jetway.gateway.testing;
