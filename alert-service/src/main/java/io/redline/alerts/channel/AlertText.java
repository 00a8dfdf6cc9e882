package io.redline.alerts.channel;

import io.redline.contracts.Alert;
import io.redline.contracts.Alert.AlertArticle;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.Modality;
import io.redline.contracts.Signal;
import io.redline.contracts.SignalType;
import io.redline.contracts.SpikeSummary;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Wording and text transformations every alert channel shares, so Slack, Teams and e-mail say the same thing. */
final class AlertText {

    /** Signals shown per alert: enough to judge it, few enough to read on a phone. */
    static final int MAX_SIGNALS = 5;
    /** Highlight passages shown per alert. */
    static final int MAX_HIGHLIGHTS = 3;
    /** Evidence sentences are single sentences; anything longer is a sentence-splitter miss, shown cut. */
    static final int MAX_EVIDENCE_CHARS = 500;

    /** Alerts listed in a chat digest (Slack, Teams): a screenful; the rest are counted. */
    static final int DIGEST_SHOWN = 20;

    /**
     * Most severe first: higher level, then higher score. Sorting with it is stable, so equally severe alerts keep
     * the order in which they fired.
     */
    static final Comparator<Alert> SEVERITY = Comparator.comparing(
                    Alert::level, Comparator.nullsFirst(Comparator.<EscalationLevel>naturalOrder()))
            .thenComparingInt(Alert::score)
            .reversed();

    private static final Pattern EM = Pattern.compile("<em>(.*?)</em>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter UTC_MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private AlertText() {}

    /** True for an alert about a story already alerted at a lower level. */
    static boolean isUpdate(Alert alert) {
        return "update".equalsIgnoreCase(alert.kind());
    }

    /** True for a spike alert: it carries the spike's figures, and its article is only the top one behind it. */
    static boolean isSpike(Alert alert) {
        return alert.spike() != null;
    }

    /** "actor LTU", "dyad RUS → UKR": what spiked, a dyad's direction shown as an arrow. */
    static String spikeSubject(SpikeSummary spike) {
        String key = orUnknown(spike.key());
        if ("dyad".equalsIgnoreCase(spike.kind())) {
            key = key.replace(">", " → ");
        }
        return orUnknown(spike.kind()).toLowerCase(Locale.ROOT) + " " + key;
    }

    /** "60 min": the window's length, or "window" when the alert lacks its bounds. */
    static String spikeWindow(SpikeSummary spike) {
        if (spike.from() == null || spike.to() == null) {
            return "window";
        }
        return Duration.between(spike.from(), spike.to()).toMinutes() + " min";
    }

    /** "Spike: actor LTU — 8 in the last 60 min (usually 1; score 7.0)": what is unusual, in one line. */
    static String spikeHeadline(Alert alert) {
        SpikeSummary spike = alert.spike();
        return "Spike: " + spikeSubject(spike) + " — " + spike.observed() + " in the last " + spikeWindow(spike)
                + " (usually " + number(spike.baselineMedian()) + "; score "
                + String.format(Locale.ROOT, "%.1f", spike.score()) + ")";
    }

    /**
     * "Baseline: median 1, MAD 0.5 of the same 60 min in earlier weeks · window 2026-12-07 15:00 UTC – 2026-12-07
     * 16:00 UTC": the figures the score comes from. The alert does not carry how many weeks the baseline had.
     */
    static String spikeBaseline(Alert alert) {
        SpikeSummary spike = alert.spike();
        return "Baseline: median " + number(spike.baselineMedian()) + ", MAD " + number(spike.baselineMad())
                + " of the same " + spikeWindow(spike) + " in earlier weeks · window " + utc(spike.from()) + " – "
                + utc(spike.to());
    }

    /**
     * One evidence sentence behind a spike; {@code outlet} and {@code url} are the top article's when the sentence
     * is one of its signals' evidence, else null: the alert carries the other evidence articles' sentences only.
     */
    record SpikeEvidence(String sentence, String outlet, String url, String title) {}

    /** The spike's top evidence sentences (the alert's highlights, best first), each with its article when known. */
    static List<SpikeEvidence> spikeEvidence(Alert alert) {
        AlertArticle top = article(alert);
        Set<String> topSentences = new HashSet<>();
        for (Signal signal : alert.signals()) {
            String evidence = evidence(signal);
            if (!evidence.isEmpty()) {
                topSentences.add(evidence);
            }
        }
        List<SpikeEvidence> out = new ArrayList<>();
        for (String h : alert.highlights()) {
            if (blank(h) || out.size() >= MAX_HIGHLIGHTS) {
                continue;
            }
            String sentence = cut(h.strip(), MAX_EVIDENCE_CHARS);
            boolean fromTop = topSentences.contains(sentence);
            out.add(new SpikeEvidence(
                    sentence,
                    fromTop ? orUnknown(top.sourceDomain()) : null,
                    fromTop && isWebLink(top.url()) ? top.url().strip() : null,
                    fromTop ? orUntitled(top.title()) : null));
        }
        return out;
    }

    /** The first of {@link #spikeEvidence}'s sentences, or empty. */
    static String firstSpikeEvidence(Alert alert) {
        List<SpikeEvidence> evidence = spikeEvidence(alert);
        return evidence.isEmpty() ? "" : evidence.get(0).sentence();
    }

    /** "1", "0.5", "0.25": baseline figures are medians of counts (and of their deviations), so short. */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        return new BigDecimal(String.format(Locale.ROOT, "%.2f", d))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** "HIGH", or "HIGH (up from ELEVATED)" for an update, so a reader sees the escalation itself. */
    static String levelLine(Alert alert) {
        String level = name(alert.level());
        if (isUpdate(alert) && alert.previousLevel() != null) {
            return level + " (up from " + alert.previousLevel().name() + ")";
        }
        return level;
    }

    static String name(EscalationLevel level) {
        return level == null ? "UNKNOWN" : level.name();
    }

    /** "Red line" for RED_LINE: readers are journalists, not enum constants. */
    static String label(SignalType type) {
        if (type == null) {
            return "Signal";
        }
        String words = type.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** "asserted", or "reported by Lavrov" when the speaker is known: who said it changes what it means. */
    static String modality(Signal signal) {
        Modality modality = signal.modality();
        String text = modality == null ? "unknown" : modality.name().toLowerCase(Locale.ROOT);
        if (modality == Modality.REPORTED && !blank(signal.speaker())) {
            text += " by " + signal.speaker().strip();
        }
        return text;
    }

    /** The evidence sentence of a signal, cut to {@link #MAX_EVIDENCE_CHARS}; empty if it has none. */
    static String evidence(Signal signal) {
        if (signal.evidence() == null || blank(signal.evidence().sentence())) {
            return "";
        }
        return cut(signal.evidence().sentence().strip(), MAX_EVIDENCE_CHARS);
    }

    /** The first {@link #MAX_SIGNALS} signals. */
    static List<Signal> shownSignals(Alert alert) {
        return alert.signals().subList(0, Math.min(MAX_SIGNALS, alert.signals().size()));
    }

    /** The first {@link #MAX_HIGHLIGHTS} non-blank highlight passages. */
    static List<String> shownHighlights(Alert alert) {
        List<String> shown = new ArrayList<>();
        for (String h : alert.highlights()) {
            if (!blank(h) && shown.size() < MAX_HIGHLIGHTS) {
                shown.add(h.strip());
            }
        }
        return shown;
    }

    /** The first {@code max} alerts of a digest by {@link #SEVERITY}. */
    static List<Alert> topAlerts(AlertDigest digest, int max) {
        return digest.alerts().stream().sorted(SEVERITY).limit(max).toList();
    }

    /** How many alerts of the digest a listing of {@code shown} of them leaves out ("and N more"). */
    static int notShown(AlertDigest digest, int shown) {
        return Math.max(0, digest.total() - shown);
    }

    /** "and 1 more alert", "and 12 more alerts". */
    static String andMore(int n) {
        return "and " + n + " more alert" + (n == 1 ? "" : "s");
    }

    /** "1 alert", "12 alerts". */
    static String alertCount(int n) {
        return n + " alert" + (n == 1 ? "" : "s");
    }

    /** "2026-11-27 04:00 UTC – 2026-11-27 05:00 UTC". */
    static String period(AlertDigest digest) {
        return utc(digest.periodStart()) + " – " + utc(digest.periodEnd());
    }

    /**
     * "3 new, 2 updates · CRITICAL 1 · HIGH 4": the shape of the period at a glance. Counted over the alerts the
     * digest carries; when it carries only the most severe, the line says so.
     */
    static String digestBreakdown(AlertDigest digest) {
        long updates = digest.alerts().stream().filter(AlertText::isUpdate).count();
        long spikes = digest.alerts().stream().filter(AlertText::isSpike).count();
        StringBuilder out = new StringBuilder();
        if (digest.alerts().size() < digest.total()) {
            out.append("most severe ").append(digest.alerts().size()).append(": ");
        }
        out.append(digest.alerts().size() - updates - spikes)
                .append(" new, ")
                .append(updates)
                .append(" update")
                .append(updates == 1 ? "" : "s");
        if (spikes > 0) {
            out.append(", ").append(spikes).append(" spike").append(spikes == 1 ? "" : "s");
        }
        EnumMap<EscalationLevel, Integer> byLevel = new EnumMap<>(EscalationLevel.class);
        digest.alerts().forEach(a -> {
            if (a.level() != null) {
                byLevel.merge(a.level(), 1, Integer::sum);
            }
        });
        List<EscalationLevel> levels = new ArrayList<>(byLevel.keySet());
        levels.sort(Comparator.reverseOrder());
        levels.forEach(l -> out.append(" · ").append(l.name()).append(' ').append(byLevel.get(l)));
        return out.toString();
    }

    /** The evidence of the alert's first signal with one, or empty: the one line that shows why it fired. */
    static String firstEvidence(Alert alert) {
        for (Signal signal : alert.signals()) {
            String evidence = evidence(signal);
            if (!evidence.isEmpty()) {
                return evidence;
            }
        }
        return "";
    }

    /** "2021-02-25 15:02 UTC", or "unknown": channels without a date widget show one fixed, unambiguous zone. */
    static String utc(Instant instant) {
        return instant == null ? "unknown" : UTC_MINUTE.format(instant);
    }

    /**
     * Rewrites a highlight passage for a channel: the text outside {@code <em>} and inside it goes through
     * {@code escape}, and matched words are wrapped by {@code bold}. Highlights come from article text, so they
     * are untrusted: nothing of them may reach a channel unescaped, and any other tag in them is article text
     * (an article about an XSS bug), shown as typed.
     */
    static String highlight(String passage, UnaryOperator<String> escape, UnaryOperator<String> bold) {
        StringBuilder out = new StringBuilder();
        for (Part part : highlightParts(passage)) {
            out.append(part.matched() ? bold.apply(escape.apply(part.text())) : escape.apply(part.text()));
        }
        return out.toString();
    }

    /** A piece of a highlight passage, as the article has it (unescaped): a matched word or the text around it. */
    record Part(String text, boolean matched) {}

    /** The passage split at its {@code <em>} pairs (blank ones dropped); templates render and escape the parts. */
    static List<Part> highlightParts(String passage) {
        List<Part> parts = new ArrayList<>();
        Matcher m = EM.matcher(passage);
        int last = 0;
        while (m.find()) {
            parts.add(new Part(passage.substring(last, m.start()), false));
            if (!m.group(1).isBlank()) {
                parts.add(new Part(m.group(1), true));
            }
            last = m.end();
        }
        parts.add(new Part(passage.substring(last), false));
        return parts;
    }

    /** The passage without its {@code <em>} markers, for plain-text channels. */
    static String plainHighlight(String passage) {
        return highlight(passage, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /**
     * {@code s} cut to at most {@code max} characters, ending in "…" when cut. Never splits a surrogate pair,
     * so the result stays valid UTF-16 whatever the language of the article.
     */
    static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end).stripTrailing() + "…";
    }

    /**
     * Like {@link #cut} for text already carrying markup ({@code &amp;} entities, {@code <url|label>} links):
     * a cut inside an entity or a link would show broken markup, so it backs off to before it.
     */
    static String cutMarkup(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        String head = cut(s, max);
        head = head.substring(0, head.length() - 1);
        int amp = head.lastIndexOf('&');
        if (amp >= 0 && head.indexOf(';', amp) < 0) {
            head = head.substring(0, amp);
        }
        int open = head.lastIndexOf('<');
        if (open >= 0 && head.indexOf('>', open) < 0) {
            head = head.substring(0, open);
        }
        return head.stripTrailing() + "…";
    }

    /** True for a link a receiver may safely open: http or https only, never javascript: or data:. */
    static boolean isWebLink(String url) {
        if (blank(url)) {
            return false;
        }
        String lower = url.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The alert's article, or an empty one: a malformed alert still renders, with "(untitled)". */
    static AlertArticle article(Alert alert) {
        return alert.article() != null
                ? alert.article()
                : new AlertArticle(null, 0, null, null, null, null, null, null, null);
    }

    static String orUntitled(String title) {
        return blank(title) ? "(untitled)" : title.strip();
    }

    static String orUnknown(String s) {
        return blank(s) ? "unknown" : s.strip();
    }
}
