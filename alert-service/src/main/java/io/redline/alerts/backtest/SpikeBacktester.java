package io.redline.alerts.backtest;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.redline.alerts.backtest.BacktestResult.DayCount;
import io.redline.alerts.backtest.BacktestResult.SpikeAlert;
import io.redline.alerts.backtest.BacktestResult.SpikeBacktest;
import io.redline.alerts.backtest.BacktestResult.SpikeEvidence;
import io.redline.alerts.spike.SpikeConfig;
import io.redline.alerts.spike.SpikeEvaluator;
import io.redline.alerts.subscription.SpikeCondition;
import io.redline.alerts.subscription.Subscription;
import io.redline.trends.Baseline;
import io.redline.trends.Spike;
import io.redline.trends.SpikeDetector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays a {@code spike} subscription: runs the spike detection the live evaluator runs, with its window and
 * baseline weeks and the subscription's condition, at every whole hour of the backtest range (the latest
 * {@value #MAX_STEPS} at most), and counts one alert per spike and hour as the evaluator's story ids make it.
 */
@ApplicationScoped
public class SpikeBacktester {

    /** Most detections one backtest runs: one a step, each an aggregation over the window and its baseline weeks. */
    public static final int MAX_STEPS = 168;
    /** Time between two detections; the live evaluator alerts at most once per spike and hour. */
    public static final Duration STEP = Duration.ofHours(1);
    /** Spikes listed in a result, the highest scores, in time order. */
    public static final int LISTED = 20;
    /** Most spikes one detection returns, as the live evaluator. */
    static final int MAX_SPIKES = 500;

    private static final long DEFAULT_MIN_COUNT = 3;

    private final SpikeDetector detector;
    private final Duration window;
    private final int weeks;
    private final Clock clock;

    @Inject
    public SpikeBacktester(ElasticsearchClient client, SpikeConfig config) {
        this(client, config.window(), config.weeks(), Clock.systemUTC());
    }

    SpikeBacktester(ElasticsearchClient client, Duration window, int weeks, Clock clock) {
        this.detector = new SpikeDetector(client, ArticleReader.ALIAS);
        this.window = window;
        this.weeks = weeks;
        this.clock = clock;
    }

    /** What {@code subscription}, of kind spike, would have alerted on over the {@code days} days up to now. */
    public BacktestResult run(Subscription subscription, int days) throws IOException {
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofDays(days));
        SpikeCondition condition = subscription.spike();
        Set<SpikeDetector.Kind> kinds = EnumSet.noneOf(SpikeDetector.Kind.class);
        condition.kinds().forEach(k -> kinds.add(SpikeDetector.Kind.parse(k)));
        long minCount = condition.minCount() == null ? DEFAULT_MIN_COUNT : condition.minCount();
        double minScore = condition.minScore() == null ? Baseline.DEFAULT_MIN_SCORE : condition.minScore();

        // Whole hours, newest first: the window of step k ends k hours before the last whole hour, so each step's
        // spikes are in an hour of their own, as the evaluator's story ids (spike, hour of the window start) are.
        // Every window ending in the range is detected: a day is 24 steps, a week the whole MAX_STEPS.
        Instant last = to.truncatedTo(ChronoUnit.HOURS);
        List<Instant> steps = new ArrayList<>();
        for (Instant at = last; at.isAfter(from) && steps.size() < MAX_STEPS; at = at.minus(STEP)) {
            steps.add(at);
        }
        boolean limited =
                !steps.isEmpty() && steps.get(steps.size() - 1).minus(STEP).isAfter(from);

        Map<String, SpikeAlert> fired = new LinkedHashMap<>();
        String statistic =
                new SpikeDetector.Request(last, window, weeks, kinds, minCount, minScore, MAX_SPIKES).statistic();
        for (Instant at : steps) {
            List<Spike> spikes = detector.detect(
                    new SpikeDetector.Request(at, window, weeks, kinds, minCount, minScore, MAX_SPIKES));
            for (Spike spike : spikes) {
                // As the evaluator: a spike whose evidence is gone has no article to alert with.
                if (spike.topEvidence().isEmpty()
                        || !condition.accepts(spike.kind(), spike.key(), spike.observed(), spike.score())) {
                    continue;
                }
                fired.putIfAbsent(SpikeEvaluator.storyId(spike), alert(spike));
            }
        }

        List<SpikeAlert> inOrder = new ArrayList<>(fired.values());
        inOrder.sort(Comparator.comparing(SpikeAlert::from).thenComparing(SpikeAlert::storyId));
        Map<LocalDate, Integer> perDay = new HashMap<>();
        inOrder.forEach(a -> perDay.merge(LocalDate.ofInstant(a.from(), ZoneOffset.UTC), 1, Integer::sum));
        List<DayCount> byDay = new ArrayList<>();
        LocalDate lastDay = LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC);
        for (LocalDate d = LocalDate.ofInstant(from, ZoneOffset.UTC); !d.isAfter(lastDay); d = d.plusDays(1)) {
            byDay.add(new DayCount(d.toString(), perDay.getOrDefault(d, 0)));
        }
        List<SpikeAlert> listed = inOrder.stream()
                .sorted(Comparator.comparingDouble(SpikeAlert::score).reversed())
                .limit(LISTED)
                .sorted(Comparator.comparing(SpikeAlert::from).thenComparing(SpikeAlert::storyId))
                .toList();
        Instant coveredFrom = steps.isEmpty() ? to : steps.get(steps.size() - 1).minus(window);
        SpikeBacktest spike = new SpikeBacktest(
                window.toMinutes(),
                weeks,
                STEP.toMinutes(),
                steps.size(),
                MAX_STEPS,
                coveredFrom,
                steps.isEmpty() ? to : last,
                limited,
                statistic,
                listed);
        return new BacktestResult(
                days, from, to, 0, inOrder.size(), inOrder.size(), inOrder.size(), 0, limited, byDay, List.of(), spike);
    }

    private static SpikeAlert alert(Spike spike) {
        var s = spike.summary();
        return new SpikeAlert(
                SpikeEvaluator.storyId(spike),
                s.kind(),
                s.key(),
                s.observed(),
                s.baselineMedian(),
                s.baselineMad(),
                spike.baseline().weeks(),
                s.score(),
                s.from(),
                s.to(),
                spike.topEvidence().stream()
                        .map(e -> new SpikeEvidence(e.articleId(), e.title(), e.sourceDomain(), e.sentence()))
                        .toList());
    }
}
