package io.redline.alerts.match;

import io.redline.alerts.match.SubscriptionMatcher.Highlight;
import io.redline.contracts.RawArticle;
import io.redline.query.lucene.ArticleDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the hits of one article's index (text fields as they are, stem fields by word position) into highlights. */
final class ArticleHighlights {

    /** Highlights in report order; two hits on the same span are one highlight. */
    static final Comparator<Highlight> ORDER = Comparator.comparing(Highlight::field)
            .thenComparingInt(Highlight::start)
            .thenComparingInt(Highlight::end);

    /** Same words as {@code text.EnglishStemmer} splits, so stem position i is the i-th match (see the test). */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}\\p{N}]+)*");

    private final RawArticle article;
    private final String summary;
    private List<int[]> titleWords;
    private List<int[]> bodyWords;

    ArticleHighlights(RawArticle article) {
        this.article = article;
        this.summary = article.summary() == null ? "" : article.summary();
    }

    /** An empty, ordered, de-duplicating set of highlights. */
    static Set<Highlight> newSet() {
        return new TreeSet<>(ORDER);
    }

    /** Whether hits in this field can become highlights (keyword filters such as actors are not text). */
    static boolean highlighted(String field) {
        return switch (field) {
            case ArticleDocument.TITLE,
                    ArticleDocument.SUMMARY,
                    ArticleDocument.TEXT,
                    ArticleDocument.TITLE_STEMS,
                    ArticleDocument.BODY_STEMS -> true;
            default -> false;
        };
    }

    /** Adds the highlight of one hit: positions count for the stem fields, char offsets for the text fields. */
    void add(
            Collection<Highlight> out,
            String field,
            int startPosition,
            int endPosition,
            int startOffset,
            int endOffset) {
        switch (field) {
            case ArticleDocument.TITLE -> add(out, field, article.title(), startOffset, endOffset);
            case ArticleDocument.SUMMARY -> add(out, field, article.summary(), startOffset, endOffset);
            case ArticleDocument.TEXT -> add(out, field, article.text(), startOffset, endOffset);
            case ArticleDocument.TITLE_STEMS -> {
                titleWords = titleWords != null ? titleWords : words(article.title());
                int[] span = span(titleWords, startPosition, endPosition);
                if (span != null) {
                    add(out, ArticleDocument.TITLE, article.title(), span[0], span[1]);
                }
            }
            case ArticleDocument.BODY_STEMS -> {
                // derived.bodyStems stems summary + "\n" + text (IndexedArticle.of).
                bodyWords = bodyWords != null
                        ? bodyWords
                        : words(summary + "\n" + (article.text() == null ? "" : article.text()));
                int[] span = span(bodyWords, startPosition, endPosition);
                if (span == null) {
                    break;
                }
                if (span[1] <= summary.length()) {
                    add(out, ArticleDocument.SUMMARY, article.summary(), span[0], span[1]);
                } else if (span[0] > summary.length()) {
                    int shift = summary.length() + 1;
                    add(out, ArticleDocument.TEXT, article.text(), span[0] - shift, span[1] - shift);
                }
            }
            default -> {
                // keyword filters (actors, signals, ...) are not text to highlight
            }
        }
    }

    private static void add(Collection<Highlight> out, String field, String value, int start, int end) {
        if (value != null && start >= 0 && end <= value.length() && start < end) {
            out.add(new Highlight(field, start, end, value.substring(start, end)));
        }
    }

    /** Char spans of the words of a text, in order: stem position i is words.get(i). */
    static List<int[]> words(String text) {
        List<int[]> out = new ArrayList<>();
        if (text != null) {
            Matcher w = WORD.matcher(text);
            while (w.find()) {
                out.add(new int[] {w.start(), w.end()});
            }
        }
        return out;
    }

    private static int[] span(List<int[]> words, int startPosition, int endPosition) {
        if (startPosition < 0 || endPosition >= words.size() || startPosition > endPosition) {
            return null;
        }
        return new int[] {words.get(startPosition)[0], words.get(endPosition)[1]};
    }
}
