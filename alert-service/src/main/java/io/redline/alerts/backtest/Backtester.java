package io.redline.alerts.backtest;

import co.elastic.clients.elasticsearch._types.FieldValue;
import io.redline.alerts.backtest.BacktestResult.DayCount;
import io.redline.alerts.backtest.BacktestResult.SampleAlert;
import io.redline.alerts.subscription.Subscription;
import io.redline.contracts.AnalyzedArticle;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.IndexedArticle;
import io.redline.contracts.Modality;
import io.redline.contracts.Signal;
import io.redline.contracts.SignalType;
import io.redline.query.ArticleFilters;
import io.redline.query.InvalidParameterException;
import io.redline.query.SubscriptionQuery;
import io.redline.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Replays a subscription over the articles indexed in the last days: which articles it matches, and which of them
 * would have fired an alert.
 *
 * <p>The articles come from {@link ArticleReader}, which sends the very Elasticsearch query behind
 * {@code /api/articles} (the shared query language): the subscription's {@code q} and filters go through the API's
 * own parser and query building, and its own conditions
 * become API filters (see {@link #filters}), so a backtest matches exactly what the search API and the live matcher
 * match. Alerts are then counted as delivery fires them, story by story in publication order.
 */
@ApplicationScoped
public class Backtester {

    /** Most articles counted: a broad subscription over 90 days could otherwise page through the whole index. */
    public static final int MAX_ARTICLES = 10_000;
    /** Alerts listed in a result. */
    public static final int SAMPLE_SIZE = 10;
    /** Longest window; the default is {@value #DEFAULT_DAYS}. */
    public static final int MAX_DAYS = 90;

    public static final int DEFAULT_DAYS = 7;
    /** Articles per search page: few round trips, and one page of full documents is still small. */
    static final int PAGE_SIZE = 1000;

    private static final Comparator<Fired> SEVERITY = Comparator.comparing(
                    Fired::level, Comparator.nullsFirst(Comparator.<EscalationLevel>naturalOrder()))
            .thenComparingInt(Fired::score)
            .reversed();

    private final ArticleReader search;
    private final SpikeBacktester spikes;
    private final BacktestRuns runs;
    private final Clock clock;

    @Inject
    public Backtester(ArticleReader search, SpikeBacktester spikes, BacktestRuns runs) {
        this(search, spikes, runs, Clock.systemUTC());
    }

    Backtester(ArticleReader search, SpikeBacktester spikes, BacktestRuns runs, Clock clock) {
        this.search = search;
        this.spikes = spikes;
        this.runs = runs;
        this.clock = clock;
    }

    /** The {@code days} parameter: absent means {@value #DEFAULT_DAYS}, else an integer 1-{@value #MAX_DAYS}. */
    public static int days(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_DAYS;
        }
        try {
            int days = Integer.parseInt(raw.trim());
            if (days >= 1 && days <= MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the bounds
        }
        throw new InvalidParameterException(
                "days", "must be an integer between 1 and " + MAX_DAYS + ", not '" + raw + "'");
    }

    /**
     * How often {@code subscription} would have fired over the {@code days} days up to now, run for {@code caller}.
     *
     * @throws BacktestRunningException when the caller's API key has a backtest running already (429)
     */
    public BacktestResult run(Caller caller, Subscription subscription, int days) throws IOException {
        try (BacktestRuns.Run run = runs.start(caller)) {
            return run(subscription, days);
        }
    }

    /**
     * How often {@code subscription} would have fired over the {@code days} days up to now; for a spike subscription,
     * the spikes it would have alerted on ({@link SpikeBacktester}), not the articles its (absent) query matches.
     */
    public BacktestResult run(Subscription subscription, int days) throws IOException {
        if (days < 1 || days > MAX_DAYS) {
            throw new InvalidParameterException("days", "must be between 1 and " + MAX_DAYS);
        }
        if (subscription.watchesSpikes()) {
            return spikes.run(subscription, days);
        }
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofDays(days));
        SubscriptionQuery query = subscription.toQuery();
        Matching matching = filters(query, from, to);

        List<Matched> articles = new ArrayList<>();
        boolean truncated = false;
        if (matching != null) {
            int fetched = 0;
            List<FieldValue> after = null;
            do {
                // Newest first, so a truncated backtest covers the most recent part of the window completely.
                ArticleReader.Page page = search.page(
                        query.query(), matching.filters(), Math.min(PAGE_SIZE, MAX_ARTICLES - fetched), after);
                fetched += page.items().size();
                for (IndexedArticle item : page.items()) {
                    if (item != null && matching.accepts(item.analyzed())) {
                        articles.add(Matched.of(item));
                    }
                }
                truncated = page.total() > MAX_ARTICLES;
                after = page.after();
            } while (after != null && fetched < MAX_ARTICLES);
        }
        return count(days, from, to, articles, truncated);
    }

    /**
     * The search API filters that select what {@code query} matches in the window, and the one condition they cannot
     * express; null when nothing can match. Each extra condition of a subscription is one more API filter and-ed to
     * the subscription's own (as the matcher treats it): a lowest level is the levels from it up, intersected with
     * the {@code level} filter (an article has one level); a lowest score is the higher of the two; actors, all
     * required, are the union. Signal types, any of them, merge only when the filters name no signal type themselves:
     * "any of A" and "any of B" is not "any of A and B", so then the subscription's are checked on each hit.
     */
    public static Matching filters(SubscriptionQuery query, Instant windowFrom, Instant windowTo) {
        ArticleFilters f = query.articleFilters();
        Instant from = f.from() != null && f.from().isAfter(windowFrom) ? f.from() : windowFrom;
        Instant to = f.to() != null && f.to().isBefore(windowTo) ? f.to() : windowTo;
        if (!from.isBefore(to)) {
            return null;
        }
        List<EscalationLevel> levels = f.levels();
        if (query.minLevel() != null) {
            List<EscalationLevel> fromMin = Arrays.stream(EscalationLevel.values())
                    .filter(l -> l.compareTo(query.minLevel()) >= 0)
                    .toList();
            levels = levels.isEmpty()
                    ? fromMin
                    : levels.stream().filter(fromMin::contains).toList();
            if (levels.isEmpty()) {
                return null; // an empty list would mean "any level"
            }
        }
        Integer minScore = f.minScore();
        if (query.minScore() != null && (minScore == null || query.minScore() > minScore)) {
            minScore = query.minScore();
        }
        LinkedHashSet<String> actors = new LinkedHashSet<>(f.actors());
        actors.addAll(query.actors());
        List<SignalType> signals = f.signals();
        List<SignalType> checked = List.of();
        if (!query.signals().isEmpty()) {
            if (signals.isEmpty()) {
                signals = query.signals();
            } else {
                checked = query.signals();
            }
        }
        ArticleFilters merged = new ArticleFilters(
                from,
                to,
                f.sources(),
                f.feeds(),
                f.tags(),
                f.languages(),
                signals,
                f.categories(),
                List.copyOf(actors),
                f.dyads(),
                minScore,
                levels,
                f.assertedOnly());
        return new Matching(merged, checked, f.assertedOnly());
    }

    /**
     * What selects a subscription's articles: the search filters, and signal types (any, asserted only when the
     * filters say so) that are checked on each hit because the filters already hold other signal types.
     */
    public record Matching(ArticleFilters filters, List<SignalType> checkedSignals, boolean assertedOnly) {

        /** The same condition as the search's nested signal clause: one signal of such a type (and asserted). */
        public boolean accepts(AnalyzedArticle doc) {
            if (checkedSignals.isEmpty()) {
                return true;
            }
            if (doc == null || doc.analysis() == null || doc.analysis().signals() == null) {
                return false;
            }
            for (Signal s : doc.analysis().signals()) {
                if (checkedSignals.contains(s.type()) && (!assertedOnly || s.modality() == Modality.ASSERTED)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** What the count needs of a matching article. */
    private record Matched(
            String id, String title, String storyId, EscalationLevel level, int score, Instant publishedAt) {

        static Matched of(IndexedArticle item) {
            AnalyzedArticle doc = item.analyzed();
            String id = doc.article() == null ? null : doc.article().id();
            String title = doc.article() == null ? null : doc.article().title();
            Instant published = doc.article() == null ? null : doc.article().publishedAt();
            EscalationLevel level =
                    doc.analysis() == null ? null : doc.analysis().level();
            int score = doc.analysis() == null ? 0 : doc.analysis().escalationScore();
            // An article without a story id is a story of its own, as the story assigner would make it.
            String story = item.derived() != null && item.derived().storyId() != null
                    ? item.derived().storyId()
                    : id;
            return new Matched(id, title, story, level, score, published);
        }
    }

    /** An alert the replay fired. */
    private record Fired(Matched article, String kind, EscalationLevel level, int score) {}

    /**
     * Counts alerts as delivery fires them: in publication order, the first matching article of a story fires a
     * {@code new} alert; a later one fires an {@code update} only when its level is above the highest level alerted
     * for that story so far, so repeats and lower levels stay silent.
     */
    private static BacktestResult count(int days, Instant from, Instant to, List<Matched> articles, boolean truncated) {
        List<Matched> inOrder = new ArrayList<>(articles);
        inOrder.sort(Comparator.comparing(Matched::publishedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Matched::id));
        Map<String, EscalationLevel> alerted = new HashMap<>();
        List<Fired> fired = new ArrayList<>();
        for (Matched a : inOrder) {
            if (!alerted.containsKey(a.storyId())) {
                fired.add(new Fired(a, "new", a.level(), a.score()));
                alerted.put(a.storyId(), a.level());
            } else if (above(a.level(), alerted.get(a.storyId()))) {
                fired.add(new Fired(a, "update", a.level(), a.score()));
                alerted.put(a.storyId(), a.level());
            }
        }
        int updates =
                (int) fired.stream().filter(f -> f.kind().equals("update")).count();

        Map<LocalDate, Integer> perDay = new HashMap<>();
        for (Fired f : fired) {
            if (f.article().publishedAt() != null) {
                perDay.merge(LocalDate.ofInstant(f.article().publishedAt(), ZoneOffset.UTC), 1, Integer::sum);
            }
        }
        List<DayCount> byDay = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC);
        for (LocalDate d = LocalDate.ofInstant(from, ZoneOffset.UTC); !d.isAfter(last); d = d.plusDays(1)) {
            byDay.add(new DayCount(d.toString(), perDay.getOrDefault(d, 0)));
        }

        List<SampleAlert> sample = fired.stream()
                .sorted(SEVERITY)
                .limit(SAMPLE_SIZE)
                .sorted(Comparator.comparing(
                                (Fired f) -> f.article().publishedAt(),
                                Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(f -> f.article().id()))
                .map(f -> new SampleAlert(
                        f.article().id(),
                        f.article().title(),
                        f.article().storyId(),
                        f.level(),
                        f.score(),
                        f.article().publishedAt(),
                        f.kind()))
                .toList();
        return new BacktestResult(
                days,
                from,
                to,
                inOrder.size(),
                alerted.size(),
                fired.size(),
                fired.size() - updates,
                updates,
                truncated,
                byDay,
                sample,
                null);
    }

    /** Strictly higher; an article without a level never raises one. */
    private static boolean above(EscalationLevel level, EscalationLevel highest) {
        return level != null && (highest == null || level.compareTo(highest) > 0);
    }
}
