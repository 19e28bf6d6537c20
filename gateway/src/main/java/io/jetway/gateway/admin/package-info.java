/**
 * The admin REST API ({@code /v1/admin/virtual-keys}, {@code /v1/admin/configs},
 * {@code /v1/admin/api-keys}, {@code /v1/admin/limits}, {@code /v1/admin/usage}, {@code /v1/admin/logs}),
 * implementing the generated {@link io.jetway.server.stub.AdminService}
 * ({@link io.jetway.gateway.admin.AdminEndpoint}) with one class per resource, on the generated request
 * and answer models: guarded by {@code JETWAY_ADMIN_TOKEN} ({@link io.jetway.gateway.admin.AdminAuth}),
 * backed by the {@link io.jetway.gateway.store.Store}, never answering with a secret. A resource
 * under a new OpenAPI tag gets its own generated service and its own endpoint class.
 */
package io.jetway.gateway.admin;
