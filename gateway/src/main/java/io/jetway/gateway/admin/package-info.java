/**
 * The admin REST API ({@code /v1/admin/virtual-keys}, {@code /v1/admin/configs},
 * {@code /v1/admin/api-keys}), implementing the generated {@link io.jetway.server.stub.AdminService}:
 * guarded by {@code JETWAY_ADMIN_TOKEN} ({@link io.jetway.gateway.admin.AdminAuth}), backed by the
 * {@link io.jetway.gateway.store.Store}, never answering with a secret.
 */
package io.jetway.gateway.admin;
