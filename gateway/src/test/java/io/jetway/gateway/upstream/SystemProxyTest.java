package io.jetway.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Upstream calls skip the proxy lookup only when the JVM has no proxy configured. */
class SystemProxyTest {

    @Test
    void withoutProxyPropertiesNoProxyIsConfigured() {
        assertThat(OkHttpUpstreamClient.systemProxyConfigured(new Properties())).isFalse();
    }

    @Test
    void anyProxyHostPropertyOrSystemProxiesMeansTheProxySelectorIsAsked() {
        for (String property : new String[] {"http.proxyHost", "https.proxyHost", "socksProxyHost"}) {
            Properties props = new Properties();
            props.setProperty(property, "proxy.example.com");
            assertThat(OkHttpUpstreamClient.systemProxyConfigured(props))
                    .as(property)
                    .isTrue();
        }
        Properties system = new Properties();
        system.setProperty("java.net.useSystemProxies", "true");
        assertThat(OkHttpUpstreamClient.systemProxyConfigured(system)).isTrue();
    }

    @Test
    void aBlankProxyHostIsNoProxy() {
        Properties props = new Properties();
        props.setProperty("https.proxyHost", " ");

        assertThat(OkHttpUpstreamClient.systemProxyConfigured(props)).isFalse();
    }
}
