package io.jetway.gateway.core;

/**
 * Provider settings that come either from an {@code x-portkey-*} header or from the same-named
 * key of a config target (Portkey's names for both). One enum so the two sources cannot drift.
 */
public enum ProviderOption {
    OPENAI_ORGANIZATION("x-portkey-openai-organization", "openai_organization"),
    OPENAI_PROJECT("x-portkey-openai-project", "openai_project"),
    AZURE_RESOURCE_NAME("x-portkey-azure-resource-name", "resource_name"),
    AZURE_DEPLOYMENT_ID("x-portkey-azure-deployment-id", "deployment_id"),
    AZURE_API_VERSION("x-portkey-azure-api-version", "api_version"),
    AZURE_MODEL_NAME("x-portkey-azure-model-name", "azure_model_name"),
    AZURE_AD_TOKEN("x-portkey-azure-ad-token", "azure_ad_token"),
    AWS_ACCESS_KEY_ID("x-portkey-aws-access-key-id", "aws_access_key_id"),
    AWS_SECRET_ACCESS_KEY("x-portkey-aws-secret-access-key", "aws_secret_access_key"),
    AWS_SESSION_TOKEN("x-portkey-aws-session-token", "aws_session_token"),
    AWS_REGION("x-portkey-aws-region", "aws_region"),
    VERTEX_PROJECT_ID("x-portkey-vertex-project-id", "vertex_project_id"),
    VERTEX_REGION("x-portkey-vertex-region", "vertex_region"),
    VERTEX_SERVICE_ACCOUNT_JSON("x-portkey-vertex-service-account-json", "vertex_service_account_json"),
    ANTHROPIC_VERSION("x-portkey-anthropic-version", "anthropic_version"),
    ANTHROPIC_BETA("x-portkey-anthropic-beta", "anthropic_beta"),
    WORKERS_AI_ACCOUNT_ID("x-portkey-workers-ai-account-id", "workers_ai_account_id");

    private final String header;
    private final String configKey;

    ProviderOption(String header, String configKey) {
        this.header = header;
        this.configKey = configKey;
    }

    public String header() {
        return header;
    }

    public String configKey() {
        return configKey;
    }

    /** Whether the value is a credential (never logged, never echoed). */
    public boolean secret() {
        return switch (this) {
            case AZURE_AD_TOKEN, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, VERTEX_SERVICE_ACCOUNT_JSON -> true;
            case OPENAI_ORGANIZATION,
                    OPENAI_PROJECT,
                    AZURE_RESOURCE_NAME,
                    AZURE_DEPLOYMENT_ID,
                    AZURE_API_VERSION,
                    AZURE_MODEL_NAME,
                    AWS_ACCESS_KEY_ID,
                    AWS_REGION,
                    VERTEX_PROJECT_ID,
                    VERTEX_REGION,
                    ANTHROPIC_VERSION,
                    ANTHROPIC_BETA,
                    WORKERS_AI_ACCOUNT_ID -> false;
        };
    }

    /**
     * Whether the value travels in an upstream request's headers or URL, and so must be printable
     * ASCII ({@link HeaderValues}): all but the service account JSON, which the gateway parses.
     */
    public boolean sentUpstreamAsText() {
        return switch (this) {
            case VERTEX_SERVICE_ACCOUNT_JSON -> false;
            case OPENAI_ORGANIZATION,
                    OPENAI_PROJECT,
                    AZURE_RESOURCE_NAME,
                    AZURE_DEPLOYMENT_ID,
                    AZURE_API_VERSION,
                    AZURE_MODEL_NAME,
                    AZURE_AD_TOKEN,
                    AWS_ACCESS_KEY_ID,
                    AWS_SECRET_ACCESS_KEY,
                    AWS_SESSION_TOKEN,
                    AWS_REGION,
                    VERTEX_PROJECT_ID,
                    VERTEX_REGION,
                    ANTHROPIC_VERSION,
                    ANTHROPIC_BETA,
                    WORKERS_AI_ACCOUNT_ID -> true;
        };
    }

    public static ProviderOption byConfigKey(String key) {
        for (ProviderOption o : values()) {
            if (o.configKey.equals(key)) {
                return o;
            }
        }
        return null;
    }
}
