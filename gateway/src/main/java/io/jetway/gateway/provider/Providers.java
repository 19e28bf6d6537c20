package io.jetway.gateway.provider;

import io.jetway.gateway.provider.azure.AzureOpenAiProvider;
import io.jetway.gateway.provider.openai.CompatibleProviders;
import io.jetway.gateway.provider.openai.OpenAiFormatProvider;
import java.util.ArrayList;
import java.util.List;

/** The built-in providers. */
public final class Providers {

    private Providers() {
    }

    public static ProviderRegistry defaults() {
        List<Provider> all = new ArrayList<>();
        for (CompatibleProviders.Spec spec : CompatibleProviders.ALL.values()) {
            all.add(new OpenAiFormatProvider(spec));
        }
        all.add(new AzureOpenAiProvider());
        all.add(new io.jetway.gateway.provider.anthropic.AnthropicProvider());
        return new ProviderRegistry(all);
    }
}
