package io.redline.analysis.tagging;

/**
 * A distinct lower-cased word, resolved once and shared by every token that spells it: it carries what the
 * per-token steps need (cue bits, WordNet reading, and the lexicon's and gazetteer's candidates), so a token costs
 * one dictionary look-up instead of one hash look-up per step.
 */
public final class Word {

    /** The word of every clause-punctuation token; compared by identity. */
    static final Word PUNCT = new Word(new char[] {','}, Tokenizer.PUNCT);

    final char[] chars;
    final String lower;
    /** {@link SentenceTagger}'s cue bits of the word. */
    final int cueBits;
    /**
     * The lexicon's and gazetteer's candidates and the classifier's unigram weights for this word, each
     * tagged with the instance that computed it (a service has one of each; tests and training build others).
     * Written without locking: the holders are immutable (final fields), so a reader sees either a complete
     * holder or an older one, and a holder of another instance is simply recomputed.
     */
    Lexicon.Candidates lexicon;

    Gazetteer.Candidates gazetteer;
    SentenceClassifier.Lexical lexical;
    SentenceClassifier.WordRow modelRow;
    /** The word's features as a sentence's main verb (lemma and first verb sense), hashed once. */
    int[] mainVerbBuckets;

    private WordNetTable.Lexeme lexeme;
    LanguageProfile.ForeignCues foreignCues;

    Word(char[] chars, String lower) {
        this.chars = chars;
        this.lower = lower;
        this.cueBits = SentenceTagger.cueBits(lower);
    }

    /** How WordNet reads the word (lemmas, senses), looked up once. */
    WordNetTable.Lexeme lexeme() {
        WordNetTable.Lexeme l = lexeme;
        if (l == null) {
            l = WordNetTable.shipped().lookup(lower);
            lexeme = l;
        }
        return l;
    }

    /** The lower-cased form. */
    public String lower() {
        return lower;
    }
}
