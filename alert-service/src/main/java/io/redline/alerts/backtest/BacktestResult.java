package io.redline.alerts.backtest;

import io.redline.contracts.EscalationLevel;
import java.time.Instant;
import java.util.List;

/**
 * How often a subscription would have fired over the last {@code days} days of indexed articles.
 *
 * <p>For a {@code spike} subscription the counts are of spike alerts ({@link SpikeBacktester}): {@code articlesMatched}
 * is 0 (it matches no articles), {@code stories}, {@code alerts} and {@code newAlerts} are the spikes it would have
 * alerted on (one per spike and hour), {@code sample} is empty and {@code spike} lists them; {@code truncated} says
 * the range was longer than the {@value SpikeBacktester#MAX_STEPS} hourly detections covered.
 *
 * @param days            the window's length in days
 * @param from            the window's start (inclusive), {@code to} minus {@code days} days
 * @param to              the window's end (exclusive): when the backtest ran
 * @param articlesMatched matching articles published in the window that were counted (at most
 *                        {@value Backtester#MAX_ARTICLES})
 * @param stories         stories among them
 * @param alerts          alerts they would have fired, {@code newAlerts + updateAlerts}
 * @param newAlerts       first alerts of a story
 * @param updateAlerts    alerts for a story whose level rose above the highest level alerted for it
 * @param truncated       more articles matched than were counted: only the newest {@value Backtester#MAX_ARTICLES}
 *                        were, so the counts are lower bounds
 * @param byDay           alerts per UTC day, every day of the window present, oldest first
 * @param sample          up to {@value Backtester#SAMPLE_SIZE} of the alerts, the most severe, in time order
 * @param spike           for a spike subscription, how the spikes were computed and the highest of them; null for
 *                        an article subscription
 */
public record BacktestResult(
        int days,
        Instant from,
        Instant to,
        long articlesMatched,
        int stories,
        int alerts,
        int newAlerts,
        int updateAlerts,
        boolean truncated,
        List<DayCount> byDay,
        List<SampleAlert> sample,
        SpikeBacktest spike) {

    /**
     * How a spike subscription's backtest ran: the spike detection of the live evaluator at every whole hour of the
     * range, newest first, at most {@code maxSteps} of them.
     *
     * @param windowMinutes the window counted, as the live evaluator's ({@code redline.alerts.spikes.window})
     * @param weeks         baseline weeks, as the live evaluator's ({@code redline.alerts.spikes.weeks})
     * @param stepMinutes   minutes between two detections (60)
     * @param steps         detections run
     * @param maxSteps      most detections a backtest runs ({@value SpikeBacktester#MAX_STEPS})
     * @param from          start of the earliest window detected
     * @param to            end of the latest window detected: the last whole hour
     * @param limited       the range had more hours than {@code maxSteps}: only its latest {@code maxSteps} hours
     *                      were detected, so the counts are lower bounds
     * @param statistic     the detection's statistic in words, as {@code /api/spikes} gives it
     * @param alerts        up to {@value SpikeBacktester#LISTED} of the spike alerts, the highest scores, in time order
     */
    public record SpikeBacktest(
            long windowMinutes,
            int weeks,
            long stepMinutes,
            int steps,
            int maxSteps,
            Instant from,
            Instant to,
            boolean limited,
            String statistic,
            List<SpikeAlert> alerts) {}

    /**
     * A spike the subscription would have alerted on.
     *
     * @param storyId        the alert's story, {@code spike:<kind>:<key>:<window start hour>} as the live alert's
     * @param kind           actor, signal or dyad
     * @param key            actor code, signal type or "SRC>TGT"
     * @param observed       count in the window
     * @param baselineMedian median of the same window's counts in the baseline weeks
     * @param baselineMad    their median absolute deviation
     * @param baselineWeeks  the counts of each baseline week, latest first
     * @param score          the spike's score
     * @param from           window start
     * @param to             window end
     * @param evidence       the top articles behind it, best first
     */
    public record SpikeAlert(
            String storyId,
            String kind,
            String key,
            long observed,
            double baselineMedian,
            double baselineMad,
            List<Long> baselineWeeks,
            double score,
            Instant from,
            Instant to,
            List<SpikeEvidence> evidence) {}

    /** An article behind a spike: id, title, outlet and the evidence sentence (null if it has none). */
    public record SpikeEvidence(String articleId, String title, String sourceDomain, String sentence) {}

    /**
     * The alerts of one UTC day.
     *
     * @param date   {@code yyyy-MM-dd}
     * @param alerts alerts whose article was published that day
     */
    public record DayCount(String date, int alerts) {}

    /**
     * One alert the subscription would have fired.
     *
     * @param articleId   the article that fired it
     * @param title       its title
     * @param storyId     its story
     * @param level       its escalation level
     * @param score       its escalation score 0-100
     * @param publishedAt when it was published
     * @param kind        {@code new} or {@code update}, as in an alert
     */
    public record SampleAlert(
            String articleId,
            String title,
            String storyId,
            EscalationLevel level,
            int score,
            Instant publishedAt,
            String kind) {}
}
