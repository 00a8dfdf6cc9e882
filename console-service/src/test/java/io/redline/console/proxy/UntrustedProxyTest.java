package io.redline.console.proxy;

import static io.redline.console.UpstreamsResource.search;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.redline.console.Browser;
import io.redline.console.UpstreamsResource;
import java.net.URL;
import java.util.Map;
import java.util.UUID;
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
        String id = UUID.randomUUID().toString();
        int status = Browser.send(Browser.request(console.getPort(), "/api/articles?m=" + id)
                        .header("X-Probe", id)
                        .header("X-Forwarded-For", "203.0.113.7")
                        .build())
                .statusCode();
        assertThat(status).isEqualTo(200);
        assertThat(RemoteAddressProbe.SEEN.get(id)).isEqualTo("127.0.0.1");
        assertThat(search.find(id).orElseThrow().header("X-Forwarded-For")).contains("127.0.0.1");
    }
}
