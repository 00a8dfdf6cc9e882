package io.redline.alerts.delivery;

import io.redline.alerts.AlertsConfig;
import io.redline.alerts.subscription.Subscription;
import io.redline.alerts.subscription.Subscription.Channel;
import io.redline.alerts.subscription.Subscription.ChannelType;
import io.redline.contracts.Alert;
import io.redline.contracts.Alert.AlertArticle;
import io.redline.contracts.EscalationLevel;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/subscriptions/{id}/test}: sends a sample alert, plainly labelled as a test, once through every
 * channel of a subscription right now (ignoring quiet hours and digest mode) and reports each receiver's answer. Not
 * recorded in the delivery log and not retried: it is for checking a channel's set-up.
 */
@ApplicationScoped
public class TestDelivery {

    /** One channel's answer to the test. */
    public record Result(
            String channelId, ChannelType type, String result, int status, String reason, long latencyMs) {}

    private final ChannelSenders senders;
    private final String apiBaseUrl;
    private final Clock clock = Clock.systemUTC();

    public TestDelivery(ChannelSenders senders, AlertsConfig config) {
        this.senders = senders;
        this.apiBaseUrl = config.apiBaseUrl().replaceAll("/+$", "");
    }

    /** Sends the sample to every channel of {@code s}; disabled channels are reported, not sent to. */
    public List<Result> send(Subscription s) {
        Instant now = clock.instant();
        Alert sample = sample(s, now);
        List<Result> out = new ArrayList<>();
        for (Channel c : s.channels()) {
            if (!c.enabled()) {
                out.add(new Result(
                        c.id(),
                        c.type(),
                        "skipped",
                        0,
                        "channel disabled" + (c.disabledReason() == null ? "" : ": " + c.disabledReason()),
                        0));
                continue;
            }
            long t0 = System.nanoTime();
            DeliveryOutcome o = senders.send(s, c, sample, now);
            out.add(new Result(
                    c.id(),
                    c.type(),
                    o.result().name().toLowerCase(),
                    o.status(),
                    o.reason(),
                    Duration.ofNanos(System.nanoTime() - t0).toMillis()));
        }
        return out;
    }

    /** A sample alert: a fictitious article, an id starting {@code test_} so receivers can tell it apart. */
    Alert sample(Subscription s, Instant now) {
        String id = "test_" + UUID.randomUUID().toString().replace("-", "");
        AlertArticle article = new AlertArticle(
                id,
                1,
                apiBaseUrl + "/api/subscriptions/" + s.id(),
                "Redline test alert for \"" + s.name() + "\"",
                "This is a test sent from Redline to check this channel. No article matched.",
                "redline.test",
                "en",
                now,
                List.of("test"));
        return new Alert(
                id,
                s.id(),
                s.name(),
                "new",
                null,
                article,
                id,
                EscalationLevel.ELEVATED,
                0,
                List.of(),
                List.of("This is a <em>test</em> alert"),
                List.of("test"),
                apiBaseUrl + "/api/subscriptions/" + s.id(),
                apiBaseUrl + "/api/subscriptions/" + s.id(),
                now);
    }
}
