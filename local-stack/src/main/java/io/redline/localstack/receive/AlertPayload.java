package io.redline.localstack.receive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields the receiver shows of a Redline alert webhook body, {@code {"type", "timestamp", "data"}}, read
 * tolerantly: a field the contract adds later is ignored and one that is absent is null, so the receiver keeps
 * working while the payload grows.
 *
 * @param type             {@code alert.created}, {@code alert.updated}, {@code alert.digest} or {@code brief.created}
 *                         (others are kept as sent)
 * @param timestamp        when the sender made the delivery
 * @param subscriptionName the subscription's name
 * @param periodStart      for a digest, the start of the period it covers
 * @param periodEnd        for a digest, its end
 * @param alerts           the one alert of a created/updated delivery, or every alert of a digest; empty for a brief
 * @param brief            for a brief, what it holds; null otherwise
 */
record AlertPayload(
        String type,
        Instant timestamp,
        String subscriptionName,
        Instant periodStart,
        Instant periodEnd,
        List<Alert> alerts,
        Brief brief) {

    static final String CREATED = "alert.created";
    static final String UPDATED = "alert.updated";
    static final String DIGEST = "alert.digest";
    static final String BRIEF = "brief.created";

    /** Deeper nesting is refused: no alert body comes close, and a hostile one gets a 400 early. */
    static final int MAX_NESTING_DEPTH = 64;

    /**
     * Floats as BigDecimal, so that a score or an epoch-seconds instant is shown as sent; a body with text after its
     * JSON value is refused rather than half read.
     */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    boolean isDigest() {
        return DIGEST.equals(type);
    }

    boolean isBrief() {
        return BRIEF.equals(type);
    }

    /**
     * Reads a body.
     *
     * @throws IllegalArgumentException if it is not JSON or has no {@code type} and {@code data} object
     */
    static AlertPayload parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        String type = text(root.get("type"));
        if (type == null) {
            throw new IllegalArgumentException("the body has no \"type\"");
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("the body has no \"data\" object");
        }
        Instant timestamp = instant(root.get("timestamp"));
        if (DIGEST.equals(type)) {
            List<Alert> alerts = new ArrayList<>();
            for (JsonNode alert : data.path("alerts")) {
                if (alert.isObject()) {
                    alerts.add(Alert.of(alert));
                }
            }
            return new AlertPayload(
                    type,
                    timestamp,
                    text(data.get("subscriptionName")),
                    instant(data.get("periodStart")),
                    instant(data.get("periodEnd")),
                    List.copyOf(alerts),
                    null);
        }
        if (BRIEF.equals(type)) {
            return new AlertPayload(
                    type,
                    timestamp,
                    text(data.get("subscriptionName")),
                    instant(data.get("from")),
                    instant(data.get("to")),
                    List.of(),
                    Brief.of(data));
        }
        Alert alert = Alert.of(data);
        return new AlertPayload(type, timestamp, alert.subscriptionName(), null, null, List.of(alert), null);
    }

    /**
     * What a morning brief holds, as the receiver shows it: how many stories rose in level, how many spikes and newly
     * corroborated stories, and one line per item (title or spike key, with its evidence sentence).
     */
    record Brief(int levelRises, int spikes, int corroborated, List<String> lines) {

        /** Items shown per section: a brief of a busy night must stay readable in a terminal. */
        static final int SHOWN = 5;

        static Brief of(JsonNode data) {
            List<String> lines = new ArrayList<>();
            for (JsonNode rise : limit(data.path("levelRises"))) {
                lines.add("level " + text(rise.get("fromLevel")) + " -> " + text(rise.get("toLevel")) + "  "
                        + text(rise.get("title")) + evidence(rise));
            }
            for (JsonNode spike : limit(data.path("spikes"))) {
                lines.add("spike " + text(spike.get("kind")) + " " + text(spike.get("key")) + ": "
                        + text(spike.get("observed")) + " vs median "
                        + text(spike.path("baseline").get("median")));
            }
            for (JsonNode story : limit(data.path("corroborated"))) {
                lines.add(text(story.get("outlets")) + " outlets  " + text(story.get("title")) + evidence(story));
            }
            return new Brief(
                    data.path("levelRises").size(),
                    data.path("spikes").size(),
                    data.path("corroborated").size(),
                    List.copyOf(lines));
        }

        private static List<JsonNode> limit(JsonNode array) {
            List<JsonNode> items = new ArrayList<>();
            for (JsonNode item : array) {
                if (item.isObject() && items.size() < SHOWN) {
                    items.add(item);
                }
            }
            return items;
        }

        private static String evidence(JsonNode item) {
            String sentence = text(item.path("evidence").get("sentence"));
            return sentence == null ? "" : "  \"" + sentence + "\"";
        }
    }

    /**
     * One alert as the receiver shows and times it.
     *
     * @param id               the alert id (the webhook-id of an immediate delivery)
     * @param subscriptionName its subscription's name
     * @param kind             {@code new} or {@code update}
     * @param previousLevel    for an update, the level last alerted
     * @param level            the article's escalation level
     * @param score            its escalation score, as sent
     * @param title            the article's title
     * @param url              the article's own URL
     * @param articleLink      the article in the search API
     * @param evidence         the first signal's evidence sentence
     * @param fetchedAt        when ingest-service fetched the feed item (null until the contract carries it)
     * @param matchedAt        when alert-service's matcher saw the article
     */
    record Alert(
            String id,
            String subscriptionName,
            String kind,
            String previousLevel,
            String level,
            String score,
            String title,
            String url,
            String articleLink,
            String evidence,
            Instant fetchedAt,
            Instant matchedAt,
            String storyId,
            String articleId) {

        static Alert of(JsonNode data) {
            JsonNode article = data.path("article");
            String evidence = null;
            for (JsonNode signal : data.path("signals")) {
                String sentence = text(signal.path("evidence").get("sentence"));
                if (sentence != null) {
                    evidence = sentence;
                    break;
                }
            }
            return new Alert(
                    text(data.get("id")),
                    text(data.get("subscriptionName")),
                    text(data.get("kind")),
                    text(data.get("previousLevel")),
                    text(data.get("level")),
                    text(data.get("score")),
                    text(article.get("title")),
                    text(article.get("url")),
                    text(data.get("articleLink")),
                    evidence,
                    instant(article.get("fetchedAt")),
                    instant(data.get("matchedAt")),
                    text(data.get("storyId")),
                    text(article.get("id")));
        }

        /** Milliseconds from the feed fetch to {@code receivedAt}; null while the payload has no fetch time. */
        Long fetchToReceivedMs(Instant receivedAt) {
            return fetchedAt == null
                    ? null
                    : Duration.between(fetchedAt, receivedAt).toMillis();
        }

        /** Milliseconds from the match to {@code receivedAt}; null without a match time. */
        Long matchToReceivedMs(Instant receivedAt) {
            return matchedAt == null
                    ? null
                    : Duration.between(matchedAt, receivedAt).toMillis();
        }
    }

    /** A scalar as text (a number as written, without trailing zeros); null when absent or JSON null. */
    private static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** ISO-8601 (with Z or an offset), or epoch seconds should a sender write instants as numbers. */
    static Instant instant(JsonNode value) {
        if (value != null && value.isNumber()) {
            BigDecimal nanos = value.decimalValue().movePointRight(9);
            return Instant.ofEpochSecond(0, nanos.longValue());
        }
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            return null;
        }
        String s = value.textValue();
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
