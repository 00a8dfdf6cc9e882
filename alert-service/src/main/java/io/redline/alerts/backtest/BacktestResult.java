package io.redline.alerts.backtest;

import io.redline.contracts.EscalationLevel;
import java.time.Instant;
import java.util.List;

/**
 * How often a subscription would have fired over the last {@code days} days of indexed articles.
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
        List<SampleAlert> sample) {

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
