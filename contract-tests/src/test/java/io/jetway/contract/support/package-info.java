/** Test support: the in-process gateway with a fake upstream, HTTP calls to it, SSE reading, and the openapi.yaml contract. */
package io.jetway.contract.support;
