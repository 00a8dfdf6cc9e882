package io.redline.alerts.match;

import io.redline.query.UserQuery;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.lucene.index.Term;
import org.apache.lucene.monitor.CustomQueryHandler;
import org.apache.lucene.monitor.QueryTree;
import org.apache.lucene.monitor.TermWeightor;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefBuilder;

/**
 * Lets the presearcher select a prefix subscription only for articles with a word starting with its prefix (Lucene
 * indexes a PrefixQuery as "any token", so every prefix subscription would run on every article): the prefix is
 * indexed as a marked term, and each word of the article's text fields is also looked up by its marked prefixes of
 * the registered lengths ({@link #prefixes}). Prefixes are at least {@link UserQuery#MIN_PREFIX_LENGTH} code points
 * (the query language refuses shorter ones), so shorter marked prefixes are never made.
 */
final class PrefixTerms implements CustomQueryHandler {

    /** Sets prefix terms apart from words; a clash could only add candidates, never lose a match. */
    private static final char MARK = '\u0000';

    private static final byte MARK_BYTE = 0;
    /** Longer prefixes are indexed by their first this many code points: fewer terms per word, more candidates. */
    static final int MAX_LENGTH = 12;

    private final Set<String> fields;
    /** Bit n: a prefix of n code points (n = MAX_LENGTH: at least that many) was registered; never cleared. */
    private final AtomicInteger lengths = new AtomicInteger();

    PrefixTerms(Set<String> fields) {
        this.fields = fields;
    }

    @Override
    public QueryTree handleQuery(Query query, TermWeightor weightor) {
        if (!(query instanceof PrefixQuery p) || !fields.contains(p.getField())) {
            return null;
        }
        String prefix = p.getPrefix().text();
        int length = Math.min(prefix.codePointCount(0, prefix.length()), MAX_LENGTH);
        if (length < UserQuery.MIN_PREFIX_LENGTH) {
            // The query language refuses such prefixes; were one built anyway, it is left to the presearcher's
            // "any token" (a candidate for every article), never lost.
            return null;
        }
        // Set before the query is indexed, so an article that can find the query also expands this length.
        lengths.getAndUpdate(bits -> bits | 1 << length);
        return QueryTree.term(
                new Term(p.getField(), MARK + prefix.substring(0, prefix.offsetByCodePoints(0, length))), weightor);
    }

    /** Whether the words of this field are looked up by their prefixes too. */
    boolean expands(String field) {
        return fields.contains(field);
    }

    /** Bit n set: a prefix of n code points (n = MAX_LENGTH: at least that many) was registered. */
    int lengths() {
        return lengths.get();
    }

    /**
     * The article side, as the Monitor's term stream did: {@code out} gets each marked prefix of the word of the
     * lengths in {@code bits}, in {@code scratch} (valid until the next call). {@code word} is a term of a field of
     * {@link #fields}, UTF-8.
     */
    static void prefixes(BytesRef word, int bits, BytesRefBuilder scratch, Consumer<BytesRef> out) {
        scratch.clear();
        scratch.append(MARK_BYTE);
        scratch.append(word);
        BytesRef prefix = scratch.get();
        byte[] b = prefix.bytes;
        int end = prefix.length;
        int at = 1;
        for (int length = 1; length <= MAX_LENGTH && at < end; length++) {
            int lead = b[at] & 0xff;
            at += lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
            if (length >= UserQuery.MIN_PREFIX_LENGTH && (bits & 1 << length) != 0) {
                prefix.length = Math.min(at, end);
                out.accept(prefix);
            }
        }
    }
}
