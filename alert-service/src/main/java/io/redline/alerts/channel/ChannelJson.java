package io.redline.alerts.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/** The JSON mapper of the channels: fixed here rather than injected so a payload never changes with app config. */
final class ChannelJson {

    /** Instants as ISO-8601 strings ("2026-11-27T04:49:23Z"), the form receivers in any language parse. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private ChannelJson() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Only our own records and trees are written; failing here is a programming error.
            throw new UncheckedIOException(e);
        }
    }
}
