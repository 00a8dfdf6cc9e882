package io.redline.console.proxy;

import static io.redline.console.UpstreamsResource.search;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.redline.console.UpstreamsResource;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same settings as {@link TrustedProxyTest} but trusting another address: X-Forwarded-For from an untrusted peer
 * is ignored, so a browser cannot pick the address its failed authentications count against.
 */
@QuarkusTest
@TestProfile(UntrustedProxyTest.TrustsAnotherAddress.class)
@WithTestResource(UpstreamsResource.class)
class UntrustedProxyTest {

    /** Forwarding on, but only 192.0.2.10 is trusted. */
    public static class TrustsAnotherAddress implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "192.0.2.10");
        }
    }

    @TestHTTPResource("/")
    URL console;

    @Test
    void anUntrustedPeersForwardedForIsIgnored() {
        RemoteAddressProbe.Probe probe = RemoteAddressProbe.send(console.getPort(), "203.0.113.7");
        assertThat(probe.status()).isEqualTo(200);
        assertThat(probe.seenAs()).isEqualTo("127.0.0.1");
        assertThat(search.find(probe.id()).orElseThrow().header("X-Forwarded-For"))
                .contains("127.0.0.1");
    }
}
