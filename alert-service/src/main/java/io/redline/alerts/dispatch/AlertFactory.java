package io.redline.alerts.dispatch;

import io.redline.alerts.match.SubscriptionMatcher.Highlight;
import io.redline.alerts.match.SubscriptionMatcher.SubscriptionMatch;
import io.redline.alerts.subscription.Subscription;
import io.redline.contracts.Alert;
import io.redline.contracts.Alert.AlertArticle;
import io.redline.contracts.Corroboration;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.RawArticle;
import io.redline.query.lucene.ArticleDocument;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the {@link Alert} a subscription's match on an indexed article produces: the article, its level, score and
 * signals with their evidence, passages with the matched words marked, and links into the API.
 *
 * <p>Pure and deterministic: the alert id depends only on the subscription, the story and the level, so the same
 * match made twice (a redelivered record, a re-analysed article, a second article of the story at the same level)
 * yields the same id, the Standard Webhooks {@code webhook-id} a receiver dedupes on.
 */
public final class AlertFactory {

    /** Most passages per alert. */
    static final int MAX_PASSAGES = 5;
    /** Characters of context kept on each side of a matched span. */
    static final int CONTEXT = 90;

    private final String apiBaseUrl;

    /** @param apiBaseUrl the search API's public base URL, e.g. {@code https://redline.example.org} */
    public AlertFactory(String apiBaseUrl) {
        this.apiBaseUrl = apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl;
    }

    /** The id of the alert for one story of one subscription at one level: {@code alt_} + 32 hex characters. */
    public static String alertId(String subscriptionId, String storyId, EscalationLevel level) {
        return "alt_"
                + hash(subscriptionId + "|" + storyId + "|" + level.name()).substring(0, 32);
    }

    /** The Kafka key of {@code redline.alerts}: every alert of one story for one subscription in one partition. */
    public static String key(String subscriptionId, String storyId) {
        return subscriptionId + "|" + storyId;
    }

    /** A first ({@code new}) alert; the dispatcher turns it into an update when the story was alerted before. */
    public Alert build(Subscription subscription, IndexedArticle doc, SubscriptionMatch match, Instant matchedAt) {
        RawArticle a = doc.article();
        String storyId = doc.derived() != null && doc.derived().storyId() != null
                ? doc.derived().storyId()
                : a.id();
        EscalationLevel level = doc.analysis().level() == null
                ? EscalationLevel.NONE
                : doc.analysis().level();
        AlertArticle article = new AlertArticle(
                a.id(),
                a.revision(),
                a.url(),
                a.title(),
                a.summary(),
                a.sourceDomain(),
                a.language(),
                a.publishedAt(),
                a.tags(),
                a.fetchedAt());
        List<Highlight> highlights = match == null ? List.of() : match.highlights();
        return new Alert(
                alertId(subscription.id(), storyId, level),
                subscription.id(),
                subscription.name(),
                "new",
                null,
                article,
                storyId,
                level,
                doc.analysis().escalationScore(),
                doc.analysis().signals() == null ? List.of() : doc.analysis().signals(),
                passages(a, highlights),
                matchedTerms(highlights),
                apiBaseUrl + "/api/articles/" + encode(a.id()),
                apiBaseUrl + "/api/stories/" + encode(storyId),
                matchedAt,
                corroboration(doc.derived()),
                null);
    }

    /**
     * The story's corroboration as the indexer recorded it on the article, this article counted: outlets, copies,
     * first seen, first outlet and the outlet domains (the first {@value IndexedArticle.Derived#MAX_OUTLET_DOMAINS};
     * the full list: {@code storyLink}). A record indexed before copies and outletDomains were written lacks them:
     * copies is then its lower bound (outlets) and outletDomains the first outlet only. Null for an article indexed
     * before the figure existed.
     */
    static Corroboration corroboration(IndexedArticle.Derived derived) {
        if (derived == null || derived.outlets() == null) {
            return null;
        }
        List<String> domains =
                derived.outletDomains() != null && !derived.outletDomains().isEmpty()
                        ? derived.outletDomains()
                        : derived.firstOutlet() == null ? List.of() : List.of(derived.firstOutlet());
        return new Corroboration(
                derived.outlets(),
                derived.copies() == null ? derived.outlets() : derived.copies(),
                derived.firstSeen(),
                derived.firstOutlet(),
                domains);
    }

    /** The same alert as an update of a story last alerted at {@code previous}. */
    public static Alert asUpdate(Alert alert, EscalationLevel previous) {
        return new Alert(
                alert.id(),
                alert.subscriptionId(),
                alert.subscriptionName(),
                "update",
                previous,
                alert.article(),
                alert.storyId(),
                alert.level(),
                alert.score(),
                alert.signals(),
                alert.highlights(),
                alert.matchedTerms(),
                alert.articleLink(),
                alert.storyLink(),
                alert.matchedAt(),
                alert.corroboration(),
                alert.spike());
    }

    /**
     * A held alert released because its story now has {@code corroboration}'s outlets: kind {@code corroborated}
     * (delivered as {@code alert.updated}), the held match's evidence, the new figure.
     */
    public static Alert asCorroborated(Alert held, Corroboration corroboration, Instant now) {
        return new Alert(
                held.id(),
                held.subscriptionId(),
                held.subscriptionName(),
                "corroborated",
                held.previousLevel(),
                held.article(),
                held.storyId(),
                held.level(),
                held.score(),
                held.signals(),
                held.highlights(),
                held.matchedTerms(),
                held.articleLink(),
                held.storyLink(),
                now,
                corroboration,
                held.spike());
    }

    /** The distinct matched words, lower-cased, in order of appearance. */
    static List<String> matchedTerms(List<Highlight> highlights) {
        Set<String> terms = new LinkedHashSet<>();
        for (Highlight h : highlights) {
            terms.add(h.text().toLowerCase(Locale.ROOT));
        }
        return List.copyOf(terms);
    }

    /**
     * Passages around the matched spans, title first, each with its spans marked {@code <em>...</em>}: nearby spans
     * share one passage. The text is the article's, unescaped; channels escape it (see {@code AlertText}).
     */
    static List<String> passages(RawArticle a, List<Highlight> highlights) {
        List<String> out = new ArrayList<>();
        for (String field : List.of(ArticleDocument.TITLE, ArticleDocument.SUMMARY, ArticleDocument.TEXT)) {
            String value = switch (field) {
                case ArticleDocument.TITLE -> a.title();
                case ArticleDocument.SUMMARY -> a.summary();
                default -> a.text();
            };
            List<Highlight> spans =
                    highlights.stream().filter(h -> h.field().equals(field)).toList();
            if (value == null || spans.isEmpty()) {
                continue;
            }
            int i = 0;
            while (i < spans.size() && out.size() < MAX_PASSAGES) {
                int from = field.equals(ArticleDocument.TITLE)
                        ? 0
                        : wordStart(value, spans.get(i).start() - CONTEXT);
                int to = field.equals(ArticleDocument.TITLE)
                        ? value.length()
                        : wordEnd(value, spans.get(i).end() + CONTEXT);
                StringBuilder p = new StringBuilder();
                if (from > 0) {
                    p.append('…');
                }
                int pos = from;
                while (i < spans.size() && spans.get(i).start() < to) {
                    Highlight h = spans.get(i++);
                    if (h.start() < pos) {
                        continue; // overlapping spans (a phrase and its word): the first one marks the text
                    }
                    to = Math.max(to, Math.min(value.length(), h.end()));
                    p.append(value, pos, h.start())
                            .append("<em>")
                            .append(value, h.start(), h.end())
                            .append("</em>");
                    pos = h.end();
                }
                p.append(value, pos, Math.max(pos, to));
                if (to < value.length()) {
                    p.append('…');
                }
                out.add(p.toString().replaceAll("\\s+", " ").strip());
            }
        }
        return out;
    }

    private static int wordStart(String s, int i) {
        if (i <= 0) {
            return 0;
        }
        int j = i;
        while (j > 0 && !Character.isWhitespace(s.charAt(j - 1))) {
            j--;
        }
        return j;
    }

    private static int wordEnd(String s, int i) {
        if (i >= s.length()) {
            return s.length();
        }
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        return j;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Lower-case hex SHA-256 of a string (ids). */
    public static String hash(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
