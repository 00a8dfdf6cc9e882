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
 * What a service sees behind the console when it trusts it: with {@code quarkus.http.proxy.proxy-address-forwarding},
 * {@code allow-x-forwarded} and the console's address in {@code trusted-proxies}, {@code remoteAddress()} in a Vert.x
 * filter (where api-security's AccessGate counts failed authentications) is the address in X-Forwarded-For, the
 * first one when there are several. Here the console itself runs with those settings (the same Quarkus code as the
 * services), the test client standing in for the console; it then also forwards that address to its services.
 */
@QuarkusTest
@TestProfile(TrustedProxyTest.TrustsLoopback.class)
@WithTestResource(UpstreamsResource.class)
class TrustedProxyTest {

    /** The settings a deployment gives every service, with the console on loopback. */
    public static class TrustsLoopback implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        }
    }

    @TestHTTPResource("/")
    URL console;

    @Test
    void aTrustedProxysForwardedForIsTheClientAddress() {
        RemoteAddressProbe.Probe probe = RemoteAddressProbe.send(console.getPort(), "203.0.113.7");
        assertThat(probe.status()).isEqualTo(200);
        assertThat(probe.seenAs()).isEqualTo("203.0.113.7");
        assertThat(search.find(probe.id()).orElseThrow().header("X-Forwarded-For"))
                .contains("203.0.113.7");

        // Several entries: Quarkus takes the first, which is why the console sends exactly one.
        assertThat(RemoteAddressProbe.send(console.getPort(), "198.51.100.9, 203.0.113.7")
                        .seenAs())
                .isEqualTo("198.51.100.9");
    }
}
