package io.redline.localstack.receive;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fields the receiver shows of a Redline alert webhook body, {@code {"type", "timestamp", "data"}}, read
 * tolerantly: a field the contract adds later is ignored and one that is absent is null, so the receiver keeps
 * working while the payload grows.
 *
 * @param type             {@code alert.created}, {@code alert.updated} or {@code alert.digest} (others are kept as sent)
 * @param timestamp        when the sender made the delivery
 * @param subscriptionName the subscription's name
 * @param periodStart      for a digest, the start of the period it covers
 * @param periodEnd        for a digest, its end
 * @param alerts           the one alert of a created/updated delivery, or every alert of a digest
 */
record AlertPayload(String type, Instant timestamp, String subscriptionName, Instant periodStart, Instant periodEnd,
        List<Alert> alerts) {

    static final String CREATED = "alert.created";
    static final String UPDATED = "alert.updated";
    static final String DIGEST = "alert.digest";

    boolean isDigest() {
        return DIGEST.equals(type);
    }

    /**
     * Reads a body.
     *
     * @throws IllegalArgumentException if it is not JSON or has no {@code type} and {@code data} object
     */
    static AlertPayload parse(String body) {
        if (!(Json.parse(body) instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        String type = text(root.get("type"));
        if (type == null) {
            throw new IllegalArgumentException("the body has no \"type\"");
        }
        if (!(root.get("data") instanceof Map<?, ?> data)) {
            throw new IllegalArgumentException("the body has no \"data\" object");
        }
        Instant timestamp = instant(root.get("timestamp"));
        if (DIGEST.equals(type)) {
            List<Alert> alerts = new ArrayList<>();
            if (data.get("alerts") instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> alert) {
                        alerts.add(Alert.of(alert));
                    }
                }
            }
            return new AlertPayload(type, timestamp, text(data.get("subscriptionName")), instant(data.get("periodStart")),
                    instant(data.get("periodEnd")), List.copyOf(alerts));
        }
        Alert alert = Alert.of(data);
        return new AlertPayload(type, timestamp, alert.subscriptionName(), null, null, List.of(alert));
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
     * @param matchedAt        when search-service's matcher saw the article
     */
    record Alert(String id, String subscriptionName, String kind, String previousLevel, String level, String score,
            String title, String url, String articleLink, String evidence, Instant fetchedAt, Instant matchedAt,
            String storyId, String articleId) {

        static Alert of(Map<?, ?> data) {
            Map<?, ?> article = data.get("article") instanceof Map<?, ?> a ? a : Map.of();
            String evidence = null;
            if (data.get("signals") instanceof List<?> signals) {
                for (Object signal : signals) {
                    if (signal instanceof Map<?, ?> s && s.get("evidence") instanceof Map<?, ?> e
                            && text(e.get("sentence")) != null) {
                        evidence = text(e.get("sentence"));
                        break;
                    }
                }
            }
            return new Alert(text(data.get("id")), text(data.get("subscriptionName")), text(data.get("kind")),
                    text(data.get("previousLevel")), text(data.get("level")), text(data.get("score")),
                    text(article.get("title")), text(article.get("url")), text(data.get("articleLink")), evidence,
                    instant(article.get("fetchedAt")), instant(data.get("matchedAt")), text(data.get("storyId")),
                    text(article.get("id")));
        }
    }

    private static String text(Object value) {
        if (value instanceof BigDecimal number) {
            return number.stripTrailingZeros().toPlainString();
        }
        return value == null ? null : value.toString();
    }

    /** ISO-8601 (with Z or an offset), or epoch seconds should a sender write instants as numbers. */
    static Instant instant(Object value) {
        if (value instanceof BigDecimal seconds) {
            BigDecimal nanos = seconds.movePointRight(9);
            return Instant.ofEpochSecond(0, nanos.longValue());
        }
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
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
