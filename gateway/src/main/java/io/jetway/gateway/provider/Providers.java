package io.jetway.gateway.provider;

import io.jetway.gateway.provider.azure.AzureOpenAiProvider;
import io.jetway.gateway.provider.openai.CompatibleProviders;
import io.jetway.gateway.provider.openai.OpenAiFormatProvider;
import io.jetway.gateway.upstream.CustomHostPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The built-in providers. */
public final class Providers {

    private Providers() {}

    /** The built-in providers, with no trusted internal hosts (for tests of mapping and routing). */
    public static ProviderRegistry defaults() {
        return defaults(
                new CustomHostPolicy(java.util.Set.of(), java.net.InetAddress::getAllByName), Clock.systemUTC());
    }

    /**
     * The built-in providers. {@code hosts} guards the URLs providers fetch on their own (Vertex
     * token endpoints, Bedrock image URLs) exactly as it guards custom hosts.
     */
    public static ProviderRegistry defaults(CustomHostPolicy hosts, Clock clock) {
        List<Provider> all = new ArrayList<>();
        for (CompatibleProviders.Spec spec : CompatibleProviders.ALL.values()) {
            all.add(new OpenAiFormatProvider(spec));
        }
        all.add(new AzureOpenAiProvider());
        all.add(new io.jetway.gateway.provider.google.GoogleProvider());
        all.add(io.jetway.gateway.provider.vertex.VertexProvider.create(hosts, clock));
        all.add(new io.jetway.gateway.provider.cohere.CohereProvider());
        all.add(io.jetway.gateway.provider.bedrock.BedrockProvider.create(hosts));
        all.add(new io.jetway.gateway.provider.anthropic.AnthropicProvider());
        all.add(new io.jetway.gateway.provider.workersai.WorkersAiProvider());
        return new ProviderRegistry(all);
    }
}
