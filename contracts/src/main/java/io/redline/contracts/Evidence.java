package io.redline.contracts;

/**
 * The text that proves a signal or an event.
 *
 * @param sentenceIndex 0-based index of the sentence in the article text (title is sentence 0 when analysed with it)
 * @param start         character offset of the sentence start in the analysed text
 * @param end           character offset one past the sentence end
 * @param sentence      the sentence itself
 * @param matchedText   the words that triggered the match
 */
public record Evidence(int sentenceIndex, int start, int end, String sentence, String matchedText) {}
