package io.redline.analysis.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Accuracy, per-class precision/recall/F1, macro-F1 and a confusion matrix over string labels. */
public final class Metrics {

    private final List<String> labels;
    private final int[][] confusion;
    private int total;
    private int correct;

    public Metrics(List<String> labels) {
        this.labels = new ArrayList<>(labels);
        this.confusion = new int[64][64];
    }

    /** Counts one prediction; labels not seen before are added. */
    public void add(String gold, String predicted) {
        int g = index(gold);
        int p = index(predicted);
        confusion[g][p]++;
        total++;
        if (g == p) {
            correct++;
        }
    }

    private int index(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            labels.add(label);
            i = labels.size() - 1;
        }
        return i;
    }

    public int total() {
        return total;
    }

    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    public double precision(int c) {
        int col = 0;
        for (int g = 0; g < labels.size(); g++) {
            col += confusion[g][c];
        }
        return col == 0 ? 0 : (double) confusion[c][c] / col;
    }

    public double recall(int c) {
        int row = 0;
        for (int p = 0; p < labels.size(); p++) {
            row += confusion[c][p];
        }
        return row == 0 ? 0 : (double) confusion[c][c] / row;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    private int support(int c) {
        int row = 0;
        for (int p = 0; p < labels.size(); p++) {
            row += confusion[c][p];
        }
        return row;
    }

    /** Mean F1 over the classes present in the gold labels. */
    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < labels.size(); c++) {
            if (support(c) > 0) {
                sum += f1(c);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** F1 of one label treated as the positive class. */
    public double f1(String label) {
        int i = labels.indexOf(label);
        return i < 0 ? 0 : f1(i);
    }

    /** A printable report: accuracy, macro-F1, per-class table and confusion matrix (rows gold, columns predicted). */
    public String report(String title) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT, "== %s: n=%d accuracy=%.3f macro-F1=%.3f%n", title, total, accuracy(), macroF1()));
        sb.append(String.format(Locale.ROOT, "  %-14s %6s %6s %6s %6s%n", "class", "prec", "recall", "F1", "n"));
        for (int c = 0; c < labels.size(); c++) {
            if (support(c) == 0 && precision(c) == 0) {
                continue;
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "  %-14s %6.3f %6.3f %6.3f %6d%n",
                    labels.get(c),
                    precision(c),
                    recall(c),
                    f1(c),
                    support(c)));
        }
        sb.append("  confusion (rows gold, columns predicted):\n  ").append(String.format(Locale.ROOT, "%-14s", ""));
        for (String l : labels) {
            sb.append(String.format(Locale.ROOT, " %5.5s", l));
        }
        sb.append('\n');
        for (int g = 0; g < labels.size(); g++) {
            sb.append("  ").append(String.format(Locale.ROOT, "%-14s", labels.get(g)));
            for (int p = 0; p < labels.size(); p++) {
                sb.append(String.format(Locale.ROOT, " %5d", confusion[g][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
