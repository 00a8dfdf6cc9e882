package io.redline.search.alerts.match;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.monitor.CustomQueryHandler;
import org.apache.lucene.monitor.QueryTree;
import org.apache.lucene.monitor.TermWeightor;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;

/**
 * Lets the presearcher select a prefix subscription only for articles with a word starting with its prefix (Lucene
 * indexes a PrefixQuery as "any token", so every prefix subscription ran on every article): the prefix is indexed as
 * a marked term, and each word of the article's text fields also yields its marked prefixes of the registered lengths.
 */
final class PrefixTerms implements CustomQueryHandler {

    /** Sets prefix terms apart from words; a clash could only add candidates, never lose a match. */
    private static final char MARK = '\u0000';
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
        if (length == 0) {
            // Matches any word of the field: left to the presearcher's "any token".
            return null;
        }
        // Set before the query is indexed, so an article that can find the query also expands this length.
        lengths.getAndUpdate(bits -> bits | 1 << length);
        return QueryTree.term(new Term(p.getField(), MARK + prefix.substring(0, prefix.offsetByCodePoints(0, length))),
                weightor);
    }

    @Override
    public TokenStream wrapTermStream(String field, TokenStream in) {
        int bits = lengths.get();
        return bits == 0 || !fields.contains(field) ? in : new Prefixes(in, bits);
    }

    /** Each term, then its marked prefixes of the registered lengths. */
    private static final class Prefixes extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final int bits;
        private final StringBuilder word = new StringBuilder();
        /** Longest prefix of the current word to emit, in code points. */
        private int last;
        private int next;

        Prefixes(TokenStream in, int bits) {
            super(in);
            this.bits = bits;
        }

        @Override
        public boolean incrementToken() throws IOException {
            while (next > 0 && next <= last) {
                int length = next++;
                if ((bits & 1 << length) != 0) {
                    // Cleared like a new token: the presearcher's filter adds skipped positions to the increment.
                    clearAttributes();
                    term.setEmpty().append(MARK).append(word, 0, word.offsetByCodePoints(0, length));
                    return true;
                }
            }
            if (!input.incrementToken()) {
                return false;
            }
            word.setLength(0);
            word.append(term);
            last = Math.min(Character.codePointCount(word, 0, word.length()), MAX_LENGTH);
            next = 1;
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            next = 0;
            last = 0;
        }
    }
}
