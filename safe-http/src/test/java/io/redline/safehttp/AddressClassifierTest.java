package io.redline.safehttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressClassifierTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        // Literals only: getByName does no DNS lookup for them.
        return InetAddress.getByName(literal);
    }

    /** Builds an IPv6 address from raw bytes so the JDK cannot turn an IPv4-mapped one into an Inet4Address. */
    private static InetAddress v6(String literal) throws UnknownHostException {
        byte[] b = InetAddress.getByName(literal).getAddress();
        if (b.length == 16) {
            return java.net.Inet6Address.getByAddress(null, b, null);
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(b, 0, mapped, 12, 4);
        return java.net.Inet6Address.getByAddress(null, mapped, null);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.255.0.9",
                "10.0.0.1",
                "10.255.255.255",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "169.254.0.1",
                "100.64.0.1",
                "100.127.255.255",
                "224.0.0.1",
                "239.255.255.250",
                "0.0.0.0",
                "0.1.2.3",
                "255.255.255.255",
                "240.0.0.1",
                "198.18.0.1",
                "192.0.0.8",
                "::1",
                "::",
                "fc00::1",
                "fd12:3456::1",
                "fe80::1",
                "febf::1",
                "ff02::1",
                "fec0::1",
                "::127.0.0.1",
                "::10.0.0.1",
                "64:ff9b::7f00:1",
                "64:ff9b::a9fe:a9fe",
                "2002:7f00:1::1",
                "2002:c0a8:101::"
            })
    void refusesNonPublicAddresses(String literal) throws Exception {
        assertThat(AddressClassifier.nonPublicReason(ip(literal))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "192.168.0.10", "169.254.169.254", "100.64.1.1", "0.0.0.0"})
    void refusesIpv4MappedFormsOfNonPublicAddresses(String v4) throws Exception {
        InetAddress mapped = v6(v4);
        assertThat(mapped.getAddress()).hasSize(16);
        assertThat(AddressClassifier.nonPublicReason(mapped)).contains("IPv6 embedding");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "1.1.1.1",
                "93.184.216.34",
                "172.15.255.255",
                "172.32.0.1",
                "100.63.255.255",
                "100.128.0.1",
                "169.253.1.1",
                "192.169.0.1",
                "223.255.255.255",
                "2606:4700:4700::1111",
                "2001:4860:4860::8888",
                "64:ff9b::808:808",
                "2002:808:808::1",
                "::8.8.8.8"
            })
    void acceptsPublicAddresses(String literal) throws Exception {
        assertThat(AddressClassifier.nonPublicReason(ip(literal))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "93.184.216.34"})
    void acceptsIpv4MappedFormsOfPublicAddresses(String v4) throws Exception {
        assertThat(AddressClassifier.nonPublicReason(v6(v4))).isNull();
    }

    @org.junit.jupiter.api.Test
    void reasonNamesTheRange() throws Exception {
        assertThat(AddressClassifier.nonPublicReason(ip("169.254.169.254"))).contains("link-local");
        assertThat(AddressClassifier.nonPublicReason(ip("100.64.0.1"))).contains("carrier-grade NAT");
        assertThat(AddressClassifier.nonPublicReason(ip("fd00::1"))).contains("unique-local");
    }
}
