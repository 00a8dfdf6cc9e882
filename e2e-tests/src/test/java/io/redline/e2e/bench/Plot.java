package io.redline.e2e.bench;

import java.util.List;
import java.util.Locale;

/** Draws the pipeline bench's throughput and latency over time as a self-contained SVG (no plotting library). */
final class Plot {

    private static final int W = 960;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP1 = 40;
    private static final int H1 = 200;
    private static final int TOP2 = 300;
    private static final int H2 = 220;

    private Plot() {}

    /**
     * Top: articles/s offered by the farm and made searchable (5-s moving windows). Bottom: each probe's latency
     * publish -> searchable and each alert's publish -> delivered, on a log scale, against when the article was made.
     */
    static String svg(
            List<PipelineBench.Sample> samples,
            List<PipelineBench.Phase> phases,
            List<long[]> searchable,
            List<long[]> alerts,
            long t0) {
        double span = Math.max(1, (samples.get(samples.size() - 1).millis() - t0) / 1000.0);
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"580\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                W));
        s.append("<text x=\"")
                .append(LEFT)
                .append("\" y=\"22\" font-size=\"15\">Redline pipeline bench: throughput "
                        + "(top) and latency (bottom) over the run</text>\n");
        // Phase boundaries and names across both panels.
        for (PipelineBench.Phase p : phases) {
            double x = x((p.startMillis() - t0) / 1000.0, span);
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#bbb\" "
                            + "stroke-dasharray=\"4 3\"/>%n<text x=\"%.1f\" y=\"%d\" fill=\"#555\">%s offered</text>%n",
                    x,
                    TOP1,
                    x,
                    TOP2 + H2,
                    x + 4,
                    TOP1 + 14,
                    p.name()));
        }
        axes(s, TOP1, H1, span, "articles/s (log)");
        // Log scale, 1 to 10,000 articles/s: the offered rates span three decades.
        for (int k = 0; k <= 4; k++) {
            double y = TOP1 + H1 - H1 * k / 4.0;
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>%n"
                            + "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
                    LEFT - 6,
                    y + 4,
                    Math.pow(10, k),
                    LEFT,
                    y,
                    W - RIGHT,
                    y));
        }
        for (boolean offered : new boolean[] {true, false}) {
            StringBuilder pts = new StringBuilder();
            for (int i = 5; i < samples.size(); i++) {
                double t = (samples.get(i).millis() - t0) / 1000.0;
                if (t < 0) {
                    continue;
                }
                double y = TOP1 + H1 - H1 * Math.min(1, Math.log10(Math.max(1, rate(samples, i, offered))) / 4);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(t, span), y));
            }
            s.append(String.format(
                    Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" " + "points=\"%s\"/>%n",
                    offered ? "#999" : "#1f77b4",
                    pts));
        }
        legend(
                s,
                TOP1 + H1 + 30,
                "#999",
                "offered (published by the farm)",
                "#1f77b4",
                "searchable (Elasticsearch count)");

        // Latency, log scale 10 ms .. 100 s.
        axes(s, TOP2, H2, span, "latency (ms, log)");
        for (int e = 1; e <= 5; e++) {
            double y = TOP2 + H2 - H2 * (e - 1) / 4.0;
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n"
                            + "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
                    LEFT - 6,
                    y + 4,
                    e == 5 ? "100 s" : e == 4 ? "10 s" : e == 3 ? "1 s" : e == 2 ? "100" : "10",
                    LEFT,
                    y,
                    W - RIGHT,
                    y));
        }
        dots(s, searchable, t0, span, "#1f77b4");
        dots(s, alerts, t0, span, "#d62728");
        legend(s, TOP2 + H2 + 34, "#1f77b4", "publish -> searchable (probes)", "#d62728", "publish -> alert delivered");
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds since the first " + "phase started</text>%n",
                (LEFT + W - RIGHT) / 2,
                TOP2 + H2 + 16));
        return s.append("</svg>\n").toString();
    }

    private static void dots(StringBuilder s, List<long[]> points, long t0, double span, String colour) {
        for (long[] p : points) {
            double t = (p[1] - t0) / 1000.0;
            double ms = Math.max(10, Math.min(100_000, p[0] - p[1]));
            if (t < 0 || t > span) {
                continue;
            }
            double y = TOP2 + H2 - H2 * (Math.log10(ms) - 1) / 4.0;
            s.append(String.format(
                    Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\" fill=\"%s\" " + "fill-opacity=\"0.5\"/>%n",
                    x(t, span),
                    y,
                    colour));
        }
    }

    private static void axes(StringBuilder s, int top, int h, double span, String label) {
        s.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n"
                        + "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>%n",
                LEFT,
                top,
                LEFT,
                top + h,
                LEFT,
                top + h,
                W - RIGHT,
                top + h,
                top + h / 2,
                top + h / 2,
                label));
        int step = span > 600 ? 120 : span > 240 ? 60 : 30;
        for (int t = 0; t <= span; t += step) {
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
                    x(t, span),
                    top + h + 14,
                    t));
        }
    }

    private static void legend(StringBuilder s, int y, String c1, String l1, String c2, String l2) {
        s.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                        + "<text x=\"%d\" y=\"%d\">%s</text>%n<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                        + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                LEFT,
                y - 6,
                c1,
                LEFT + 18,
                y,
                l1,
                LEFT + 330,
                y - 6,
                c2,
                LEFT + 348,
                y,
                l2));
    }

    /** Articles/s over the 5 s before sample i: offered by the farm, or made searchable. */
    private static double rate(List<PipelineBench.Sample> samples, int i, boolean offered) {
        PipelineBench.Sample a = samples.get(i - 5);
        PipelineBench.Sample b = samples.get(i);
        double secs = Math.max(0.001, (b.millis() - a.millis()) / 1000.0);
        return (offered ? b.published() - a.published() : b.indexed() - a.indexed()) / secs;
    }

    private static double x(double t, double span) {
        return LEFT + (W - LEFT - RIGHT) * Math.min(1, Math.max(0, t / span));
    }
}
