package io.redline.localstack.receive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * Appends one JSON line per delivery to the {@code --log} file, which benchmarks and the compose tests read while
 * the receiver runs.
 *
 * <p>A line holds {@code id}, {@code type}, {@code receivedAt}, {@code valid} (true, false, or null when not
 * checked), {@code repeat}, {@code status}, and for an immediate alert {@code alertId}, {@code kind}, {@code storyId},
 * {@code articleId}, {@code fetchedAt}, {@code matchedAt}, {@code fetchToReceivedMs} (null while the contract lacks
 * {@code article.fetchedAt}) and {@code matchToReceivedMs}; a digest carries the same per-alert fields in an
 * {@code alerts} array.
 */
final class DeliveryLog implements Closeable {

    private static final ObjectWriter WRITER = JsonMapper.builder().build().writerFor(Line.class);

    /** One line; absent values are written as null, so every line of a kind has the same fields. */
    @JsonPropertyOrder({"id", "type", "receivedAt", "valid", "repeat", "status"})
    record Line(
            String id,
            String type,
            String receivedAt,
            Boolean valid,
            boolean repeat,
            int status,
            @JsonUnwrapped AlertFields alert,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<AlertFields> alerts) {

        static Line of(Delivery delivery) {
            AlertPayload payload = delivery.payload();
            Instant receivedAt = delivery.receivedAt();
            AlertFields alert = null;
            List<AlertFields> alerts = null;
            if (payload != null && payload.isDigest()) {
                alerts = payload.alerts().stream()
                        .map(a -> AlertFields.of(a, receivedAt))
                        .toList();
            } else if (payload != null && !payload.alerts().isEmpty()) {
                alert = AlertFields.of(payload.alerts().get(0), receivedAt);
            }
            return new Line(
                    delivery.webhookId(),
                    payload == null ? null : payload.type(),
                    receivedAt.toString(),
                    delivery.valid(),
                    delivery.outcome() == Delivery.Outcome.REPEAT,
                    delivery.status(),
                    alert,
                    alerts);
        }
    }

    /** The fields of one alert, and its latencies to the moment the delivery arrived. */
    @JsonPropertyOrder({
        "alertId",
        "kind",
        "storyId",
        "articleId",
        "fetchedAt",
        "matchedAt",
        "fetchToReceivedMs",
        "matchToReceivedMs"
    })
    record AlertFields(
            String alertId,
            String kind,
            String storyId,
            String articleId,
            String fetchedAt,
            String matchedAt,
            Long fetchToReceivedMs,
            Long matchToReceivedMs) {

        static AlertFields of(AlertPayload.Alert alert, Instant receivedAt) {
            return new AlertFields(
                    alert.id(),
                    alert.kind(),
                    alert.storyId(),
                    alert.articleId(),
                    alert.fetchedAt() == null ? null : alert.fetchedAt().toString(),
                    alert.matchedAt() == null ? null : alert.matchedAt().toString(),
                    alert.fetchToReceivedMs(receivedAt),
                    alert.matchToReceivedMs(receivedAt));
        }
    }

    private final BufferedWriter writer;

    private DeliveryLog(BufferedWriter writer) {
        this.writer = writer;
    }

    /**
     * Opens {@code file} for appending, creating it and its folders when missing.
     *
     * @throws IOException naming the file when it cannot be written
     */
    static DeliveryLog open(Path file) throws IOException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new DeliveryLog(Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized void append(Delivery delivery) throws IOException {
        writer.write(WRITER.writeValueAsString(Line.of(delivery)));
        writer.newLine();
        // Flushed per line so a benchmark can read the file while the receiver runs, and nothing is lost on Ctrl-C.
        writer.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
