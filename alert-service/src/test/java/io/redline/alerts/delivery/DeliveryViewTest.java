package io.redline.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The delivery view masks any address left in an error text, and leaves the rest of the text alone. */
class DeliveryViewTest {

    @Test
    void addressesAndTheirPortsAreMasked() {
        assertThat(DeliveryView.withoutAddresses("Connection refused: /10.1.2.3:8080"))
                .isEqualTo("Connection refused: <address>");
        assertThat(DeliveryView.withoutAddresses("connect: cannot connect to 127.0.0.1:41234: refused"))
                .isEqualTo("connect: cannot connect to <address>: refused");
        assertThat(DeliveryView.withoutAddresses("no route to [fd00::5]:443 or fe80::1"))
                .isEqualTo("no route to <address> or <address>");
    }

    @Test
    void textWithoutAddressesIsUnchanged() {
        String gone = "receiver answered 410 Gone at 2026-03-01T12:30:45.123Z; channel disabled";
        assertThat(DeliveryView.withoutAddresses(gone)).isEqualTo(gone);
        assertThat(DeliveryView.withoutAddresses("gave up after 4 attempts: HTTP 503"))
                .isEqualTo("gave up after 4 attempts: HTTP 503");
        assertThat(DeliveryView.withoutAddresses(null)).isNull();
    }
}
