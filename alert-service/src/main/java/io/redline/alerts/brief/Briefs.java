package io.redline.alerts.brief;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.redline.alerts.backtest.ArticleReader;
import io.redline.alerts.subscription.Subscription;
import io.redline.query.InvalidParameterException;
import io.redline.trends.Baseline;
import io.redline.trends.Spike;
import io.redline.trends.SpikeDetector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

/** Builds briefs (the desk's or a subscription's) and sends one now; the entry point of the API. */
@ApplicationScoped
public class Briefs {

    /** Hours of a brief when none are given. */
    public static final int DEFAULT_HOURS = 12;
    /** Longest brief window. */
    public static final int MAX_HOURS = 72;
    /** Baseline weeks of the brief's spikes (the default of {@code /api/spikes}). */
    static final int SPIKE_WEEKS = 4;
    /** Least stories of a key in the window for a spike (the default of {@code /api/spikes}). */
    static final int SPIKE_MIN_COUNT = 3;

    private final BriefBuilder builder;
    private final BriefSender sender;
    private final Clock clock;
    private final SpikeDetector spikes;

    @Inject
    public Briefs(BriefBuilder builder, BriefSender sender, ElasticsearchClient client) {
        this(builder, sender, new SpikeDetector(client, ArticleReader.ALIAS), Clock.systemUTC());
    }

    Briefs(BriefBuilder builder, BriefSender sender, SpikeDetector spikes, Clock clock) {
        this.builder = builder;
        this.sender = sender;
        this.spikes = spikes;
        this.clock = clock;
    }

    /** The {@code hours} parameter: absent means {@value #DEFAULT_HOURS}, else an integer 1-{@value #MAX_HOURS}. */
    public static int hours(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_HOURS;
        }
        try {
            int hours = Integer.parseInt(raw.strip());
            if (hours >= 1 && hours <= MAX_HOURS) {
                return hours;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the bounds
        }
        throw new InvalidParameterException(
                "hours", "must be an integer between 1 and " + MAX_HOURS + ", not '" + raw + "'");
    }

    /** The brief of the last {@code hours} up to now: of what {@code subscription} selects, or the desk's (null). */
    public Brief build(Subscription subscription, int hours) throws IOException {
        return build(subscription, hours, clock.instant());
    }

    /** The brief of {@code [to - hours, to)}. */
    public Brief build(Subscription subscription, int hours, Instant to) throws IOException {
        return builder.build(subscription, hours, to, minOutlets(subscription), spikes(subscription, hours, to));
    }

    /**
     * The outlet threshold of "newly corroborated": the subscription's {@code minOutlets} when it asks for more than
     * one outlet, else (and for the desk brief) the desk default, since "one outlet" corroborates nothing.
     */
    static int minOutlets(Subscription subscription) {
        return subscription != null && subscription.minOutlets() != null && subscription.minOutlets() > 1
                ? subscription.minOutlets()
                : BriefBuilder.DEFAULT_MIN_OUTLETS;
    }

    /**
     * The spikes of the brief's window (actor, signal and dyad counts of {@code [to - hours, to)} against the same
     * window of the {@value #SPIKE_WEEKS} weeks before, as {@code /api/spikes} computes them). A subscription naming
     * actors or signals keeps the spikes of those (a dyad counts when one side is one of its actors); otherwise every
     * spike is news to it.
     */
    List<Object> spikes(Subscription subscription, int hours, Instant to) throws IOException {
        SpikeDetector.Request request = new SpikeDetector.Request(
                to,
                Duration.ofHours(hours),
                SPIKE_WEEKS,
                EnumSet.allOf(SpikeDetector.Kind.class),
                SPIKE_MIN_COUNT,
                Baseline.DEFAULT_MIN_SCORE,
                BriefBuilder.MAX_ITEMS * 5);
        List<Spike> all = spikes.detect(request);
        List<Object> out = new ArrayList<>();
        for (Spike s : all) {
            if (concerns(subscription, s)) {
                out.add(s);
            }
            if (out.size() == BriefBuilder.MAX_ITEMS) {
                break;
            }
        }
        return out;
    }

    /** Whether a spike is about what {@code subscription} follows (every spike for the desk or a broad one). */
    static boolean concerns(Subscription subscription, Spike spike) {
        if (subscription == null
                || subscription.actors().isEmpty() && subscription.signals().isEmpty()) {
            return true;
        }
        return switch (spike.kind()) {
            case "actor" -> subscription.actors().contains(spike.key());
            case "signal" ->
                subscription.signals().stream().anyMatch(t -> t.name().equals(spike.key()));
            case "dyad" -> Arrays.stream(spike.key().split(">")).anyMatch(subscription.actors()::contains);
            default -> false;
        };
    }

    /**
     * Sends {@code s}'s brief (its {@code brief.hours}, else {@value #DEFAULT_HOURS}) on every enabled channel now,
     * under a claim id of its own so the day's scheduled brief still goes out; waits for each channel's first attempt.
     */
    public BriefSender.Sent sendNow(Subscription s) throws IOException {
        Instant now = clock.instant();
        int hours = s.brief() == null ? DEFAULT_HOURS : s.brief().hours();
        String id = BriefClaims.sendNowId(s.id(), now, UUID.randomUUID().toString());
        BriefClaims.Claim claim =
                BriefClaims.Claim.of(id, s.id(), "now", null, now, now.minus(java.time.Duration.ofHours(hours)), now);
        return sender.send(s, claim, build(s, hours, now), true);
    }

    /**
     * Sends {@code s}'s scheduled brief of {@code due} unless another instance or an earlier run has claimed it;
     * null when it had, unless that claim's lease ran out at {@code now} before its brief was queued (its holder
     * crashed), in which case this pass takes it over and sends it. Its window ends at the scheduled time, so
     * whichever instance sends it sends the same brief. {@code now} (when the pass runs) is recorded in the claim
     * and starts its lease.
     */
    public BriefSender.Sent sendScheduled(Subscription s, BriefDue due, Instant now) throws IOException {
        int hours = s.brief().hours();
        BriefClaims.Claim claim = BriefClaims.Claim.of(
                BriefClaims.scheduledId(s.id(), due.date()),
                s.id(),
                "scheduled",
                due.date().toString(),
                now,
                due.at().minus(java.time.Duration.ofHours(hours)),
                due.at());
        return sender.sendClaimed(s, claim, () -> build(s, hours, due.at()));
    }
}
