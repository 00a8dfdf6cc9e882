package io.redline.safehttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    @Test
    void publicOnlyRefusesLoopbackWithTheReason() throws Exception {
        assertThatThrownBy(() -> AddressPolicy.publicOnly().check("localhost", InetAddress.getByName("127.0.0.1")))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("loopback")
                .satisfies(e -> assertThat(((FetchException) e).kind()).isEqualTo(FetchException.Kind.BLOCKED_ADDRESS));
    }

    @Test
    void allowlistedCidrsAndHostsAreLetThrough() throws Exception {
        AddressPolicy policy = new AddressPolicy(List.of("10.8.0.0/16", "feeds.intranet.example", "::1"));
        assertThatCode(() -> policy.check("a", InetAddress.getByName("10.8.3.4")))
                .doesNotThrowAnyException();
        assertThatCode(() -> policy.check("feeds.intranet.example", InetAddress.getByName("192.168.1.1")))
                .doesNotThrowAnyException();
        assertThatCode(() -> policy.check("b", InetAddress.getByName("::1"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.check("a", InetAddress.getByName("10.9.0.1")))
                .isInstanceOf(FetchException.class);
        assertThatThrownBy(() -> policy.check("b", InetAddress.getByName("127.0.0.1")))
                .isInstanceOf(FetchException.class);
    }

    @Test
    void publicAddressesNeedNoAllowlist() {
        assertThatCode(() -> AddressPolicy.publicOnly().check("x", InetAddress.getByName("8.8.8.8")))
                .doesNotThrowAnyException();
    }

    @Test
    void cidrMatchesPrefixBitsOnly() throws Exception {
        Cidr cidr = Cidr.parse("172.16.0.0/12");
        assertThat(cidr.contains(InetAddress.getByName("172.31.1.1"))).isTrue();
        assertThat(cidr.contains(InetAddress.getByName("172.32.0.0"))).isFalse();
        assertThat(Cidr.parse("fd00::/8").contains(InetAddress.getByName("fd12::1")))
                .isTrue();
        assertThat(Cidr.parse("fd00::/8").contains(InetAddress.getByName("10.0.0.1")))
                .isFalse();
    }

    @Test
    void rejectsMalformedCidrs() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("not-an-ip")).isInstanceOf(IllegalArgumentException.class);
    }
}
