package io.jetway.gateway.admin;

import io.jetway.api.model.VirtualKey;
import io.jetway.api.model.VirtualKeyCreateRequest;
import io.jetway.api.model.VirtualKeyUpdateRequest;
import io.jetway.gateway.core.ProviderOption;
import java.util.EnumMap;

/**
 * The fields of a virtual key's create or update request, read from the generated models: a
 * field left out (or null) is null here. {@code options} holds only the provider options sent.
 * Also the one place that maps each {@link ProviderOption} to the models' properties (an
 * exhaustive switch: a new option does not compile until it is mapped).
 */
record VirtualKeyFields(
        String provider,
        String customHost,
        Boolean allowCallerCustomHost,
        String apiKey,
        EnumMap<ProviderOption, String> options) {

    static VirtualKeyFields of(VirtualKeyCreateRequest r) {
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        for (ProviderOption o : ProviderOption.values()) {
            String v = switch (o) {
                case OPENAI_ORGANIZATION -> r.getOpenaiOrganization();
                case OPENAI_PROJECT -> r.getOpenaiProject();
                case AZURE_RESOURCE_NAME -> r.getResourceName();
                case AZURE_DEPLOYMENT_ID -> r.getDeploymentId();
                case AZURE_API_VERSION -> r.getApiVersion();
                case AZURE_MODEL_NAME -> r.getAzureModelName();
                case AZURE_AD_TOKEN -> r.getAzureAdToken();
                case AWS_ACCESS_KEY_ID -> r.getAwsAccessKeyId();
                case AWS_SECRET_ACCESS_KEY -> r.getAwsSecretAccessKey();
                case AWS_SESSION_TOKEN -> r.getAwsSessionToken();
                case AWS_REGION -> r.getAwsRegion();
                case VERTEX_PROJECT_ID -> r.getVertexProjectId();
                case VERTEX_REGION -> r.getVertexRegion();
                case VERTEX_SERVICE_ACCOUNT_JSON -> r.getVertexServiceAccountJson();
                case ANTHROPIC_VERSION -> r.getAnthropicVersion();
                case ANTHROPIC_BETA -> r.getAnthropicBeta();
                case WORKERS_AI_ACCOUNT_ID -> r.getWorkersAiAccountId();
            };
            if (v != null) {
                options.put(o, v);
            }
        }
        return new VirtualKeyFields(
                r.getProvider(), r.getCustomHost(), r.getAllowCallerCustomHost(), r.getApiKey(), options);
    }

    static VirtualKeyFields of(VirtualKeyUpdateRequest r) {
        EnumMap<ProviderOption, String> options = new EnumMap<>(ProviderOption.class);
        for (ProviderOption o : ProviderOption.values()) {
            String v = switch (o) {
                case OPENAI_ORGANIZATION -> r.getOpenaiOrganization();
                case OPENAI_PROJECT -> r.getOpenaiProject();
                case AZURE_RESOURCE_NAME -> r.getResourceName();
                case AZURE_DEPLOYMENT_ID -> r.getDeploymentId();
                case AZURE_API_VERSION -> r.getApiVersion();
                case AZURE_MODEL_NAME -> r.getAzureModelName();
                case AZURE_AD_TOKEN -> r.getAzureAdToken();
                case AWS_ACCESS_KEY_ID -> r.getAwsAccessKeyId();
                case AWS_SECRET_ACCESS_KEY -> r.getAwsSecretAccessKey();
                case AWS_SESSION_TOKEN -> r.getAwsSessionToken();
                case AWS_REGION -> r.getAwsRegion();
                case VERTEX_PROJECT_ID -> r.getVertexProjectId();
                case VERTEX_REGION -> r.getVertexRegion();
                case VERTEX_SERVICE_ACCOUNT_JSON -> r.getVertexServiceAccountJson();
                case ANTHROPIC_VERSION -> r.getAnthropicVersion();
                case ANTHROPIC_BETA -> r.getAnthropicBeta();
                case WORKERS_AI_ACCOUNT_ID -> r.getWorkersAiAccountId();
            };
            if (v != null) {
                options.put(o, v);
            }
        }
        return new VirtualKeyFields(
                r.getProvider(), r.getCustomHost(), r.getAllowCallerCustomHost(), r.getApiKey(), options);
    }

    /** Shows a stored option on the answer: a plain one as its value, a secret only as set. */
    static void show(VirtualKey view, ProviderOption o, String value) {
        switch (o) {
            case OPENAI_ORGANIZATION -> view.setOpenaiOrganization(value);
            case OPENAI_PROJECT -> view.setOpenaiProject(value);
            case AZURE_RESOURCE_NAME -> view.setResourceName(value);
            case AZURE_DEPLOYMENT_ID -> view.setDeploymentId(value);
            case AZURE_API_VERSION -> view.setApiVersion(value);
            case AZURE_MODEL_NAME -> view.setAzureModelName(value);
            case AWS_ACCESS_KEY_ID -> view.setAwsAccessKeyId(value);
            case AWS_REGION -> view.setAwsRegion(value);
            case VERTEX_PROJECT_ID -> view.setVertexProjectId(value);
            case VERTEX_REGION -> view.setVertexRegion(value);
            case ANTHROPIC_VERSION -> view.setAnthropicVersion(value);
            case ANTHROPIC_BETA -> view.setAnthropicBeta(value);
            case WORKERS_AI_ACCOUNT_ID -> view.setWorkersAiAccountId(value);
            case AZURE_AD_TOKEN, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, VERTEX_SERVICE_ACCOUNT_JSON ->
                view.addSecretsItem(VirtualKey.SecretsEnum.fromValue(o.configKey()));
        }
    }
}
