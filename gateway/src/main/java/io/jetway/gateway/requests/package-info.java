/**
 * Request bodies, bytes to validated models: JSON read within bounds, checked against the
 * generated models' constraints, every problem a 400 naming the field at fault. Used by every
 * endpoint that reads a body (chat, embeddings, the admin API), so it belongs to none of them.
 */
package io.jetway.gateway.requests;
