package io.redline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ports handed out are distinct, bindable on every address, and outside the range the kernel picks from. */
class FreePortsTest {

    @Test
    void portsAreDistinctBindableAndBelowTheEphemeralRange() throws Exception {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.next();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            assertThat(port).isBetween(20_000, FreePorts.ephemeralLow() - 1);
            try (ServerSocket s = new ServerSocket(port)) {
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void aPortListenedOnByAnotherLoopbackAddressIsNotFreeEverywhere() throws Exception {
        // As a feed farm listens on 127.0.0.x: 127.0.0.1 alone would call the port free, a service on 0.0.0.0 would
        // fail.
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
            int port = other.getLocalPort();
            assertThat(FreePorts.isFree(port)).as("free on 127.0.0.1").isTrue();
            assertThat(FreePorts.isFreeEverywhere(port)).as("free on 0.0.0.0").isFalse();
        }
    }
}
