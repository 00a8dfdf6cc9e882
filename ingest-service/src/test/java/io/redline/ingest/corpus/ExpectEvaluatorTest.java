package io.redline.ingest.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.ingest.corpus.ExpectEvaluator.Outcome;
import io.redline.ingest.corpus.ExpectEvaluator.Verdict;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ExpectEvaluatorTest {

    private static final Outcome PARSED = new Outcome(
            Map.of("title", "Caf\u00e9 \u2026"),
            List.of(Map.of(
                    "title",
                    "x",
                    "published_parsed",
                    FeedView.tuple(java.util.Date.from(java.time.Instant.parse("2003-12-31T10:14:55Z"))))),
            "utf-8",
            "rss20",
            null);

    private static List<Verdict> verdicts(String expect, Outcome o) {
        return ExpectEvaluator.evaluate(expect, o, false, UnaryOperator.identity()).stream()
                .map(ExpectEvaluator.Check::verdict)
                .toList();
    }

    @Test
    void comparesPythonStringLiteralsWithEscapes() {
        assertThat(verdicts("not bozo and feed['title'] == u'Caf\\xe9 \\u2026'", PARSED))
                .containsExactly(Verdict.PASS, Verdict.PASS);
        assertThat(verdicts("feed['title'] == 'Cafe'", PARSED)).containsExactly(Verdict.FAIL);
    }

    @Test
    void comparesDateNineTuples() {
        assertThat(verdicts("entries[0]['published_parsed'] == (2003, 12, 31, 10, 14, 55, 2, 365, 0)", PARSED))
                .containsExactly(Verdict.PASS);
    }

    @Test
    void unmappedFieldsAndBozoAreNotApplicable() {
        assertThat(verdicts("bozo and feed['cloud']['port'] == '80'", PARSED))
                .containsExactly(Verdict.NOT_APPLICABLE, Verdict.NOT_APPLICABLE);
    }

    @Test
    void aFailedParseFailsNotBozo() {
        Outcome failed = new Outcome(null, null, null, null, "doctype refused");
        assertThat(verdicts("not bozo and version == 'rss20'", failed)).containsExactly(Verdict.FAIL, Verdict.FAIL);
        assertThat(verdicts("version == 'rss20' and encoding == 'UTF-8'", PARSED))
                .containsExactly(Verdict.PASS, Verdict.PASS);
    }

    @Test
    void sanitizeChecksRequireNoUnsafeMarkupAndTheSafeText() {
        Outcome o = new Outcome(
                Map.of(), List.of(Map.of("description", "safe<script>x()</script> description")), null, null, null);
        UnaryOperator<String> strip = s -> s.replaceAll("<script>.*?</script>", "");
        assertThat(ExpectEvaluator.evaluate("entries[0]['description'] == 'safe description'", o, true, strip))
                .extracting(ExpectEvaluator.Check::verdict)
                .containsExactly(Verdict.PASS);
        assertThat(ExpectEvaluator.evaluate(
                        "entries[0]['description'] == 'safe description'", o, true, UnaryOperator.identity()))
                .extracting(ExpectEvaluator.Check::verdict)
                .containsExactly(Verdict.FAIL);
    }
}
