package io.redline.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedDatesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Wed, 25 Nov 2026 10:00:00 GMT|2026-11-25T10:00:00Z",
                "Wed, 25 Nov 2026 10:00:00 +0100|2026-11-25T09:00:00Z",
                "25 Nov 2026 10:00 EST|2026-11-25T15:00:00Z",
                "Wed, 25 Nov 26 10:00:00 GMT|2026-11-25T10:00:00Z",
                "Wednesday, 25 November 2026 10:00:00 GMT|2026-11-25T10:00:00Z",
                "2026-11-25T10:00:00.123+01:00|2026-11-25T09:00:00.123Z",
                "2026-11-25T10:00:00Z|2026-11-25T10:00:00Z",
                "2026-11-25T10:00:00|2026-11-25T10:00:00Z",
                "2026-11-25 10:00:00|2026-11-25T10:00:00Z",
                "2026-11-25 10:00:00 +02:00|2026-11-25T08:00:00Z",
                "Wed, 25 Nov 2026 10:00:00|2026-11-25T10:00:00Z",
                "Wed Nov 25 10:00:00 2026|2026-11-25T10:00:00Z",
                "Wed, 25 Nov 2026 10:00:00 MSK|2026-11-25T07:00:00Z",
                "Wed, 25 Nov 2026 10:00:00 CEST|2026-11-25T08:00:00Z",
                "2026-11-25|2026-11-25T00:00:00Z"
            })
    void readsRfc822AndIso8601VariantsMissingAndNamedZones(String text, String expected) {
        assertThat(FeedDates.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"yesterday", "not a date", "''", "32 Foo 2026"})
    void returnsNullForGarbage(String text) {
        assertThat(FeedDates.parse(text)).isNull();
    }
}
