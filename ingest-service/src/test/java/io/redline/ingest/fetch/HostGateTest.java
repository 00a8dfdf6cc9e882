package io.redline.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One fetch in flight per host, and starts on one host spaced by the host interval. */
class HostGateTest {

    private static final long S = 1_000_000_000L;

    @Test
    void oneFetchInFlightPerHostWhateverTheCase() {
        HostGate gate = new HostGate();
        assertThat(gate.tryEnter("Feeds.Example.org", 0)).isTrue();
        assertThat(gate.tryEnter("feeds.example.org", 1)).isFalse();
        assertThat(gate.tryEnter("other.example.org", 1)).isTrue();
        gate.leave("feeds.example.org");
        assertThat(gate.tryEnter("feeds.example.org", 2)).isTrue();
    }

    @Test
    void nextFetchOfAHostWaitsForTheIntervalSinceTheLastStart() {
        HostGate gate = new HostGate(Duration.ofSeconds(1));
        assertThat(gate.tryEnter("a.example", 10 * S)).isTrue();
        gate.leave("a.example");
        assertThat(gate.tryEnter("a.example", 10 * S + S / 4)).isFalse();
        assertThat(gate.tryEnter("b.example", 10 * S + S / 4)).isTrue();
        assertThat(gate.tryEnter("a.example", 11 * S - 1)).isFalse();
        assertThat(gate.tryEnter("a.example", 11 * S)).isTrue();
        // Still one in flight: the interval having passed does not allow a second.
        assertThat(gate.tryEnter("a.example", 13 * S)).isFalse();
    }
}
