/** The request log end to end: requests through the gateway, then {@code GET /v1/admin/logs}. */
package io.jetway.contract.requestlog;
