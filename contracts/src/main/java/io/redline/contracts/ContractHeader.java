package io.redline.contracts;

/**
 * Kafka record headers every Redline producer sets, and the values that describe the payload.
 */
public enum ContractHeader {
    /** Names the payload's record type and schema version, for example {@code raw-article/1}. */
    SCHEMA("redline-schema"),
    /** The service that produced the record, for example {@code ingest-service}. */
    PRODUCER("redline-producer"),
    /** Set by SmallRye on dead-letter records: why the record was rejected. */
    DEAD_LETTER_REASON("dead-letter-reason");

    private final String headerName;

    ContractHeader(String headerName) {
        this.headerName = headerName;
    }

    /** The header's key on the Kafka record. */
    public String headerName() {
        return headerName;
    }
}
