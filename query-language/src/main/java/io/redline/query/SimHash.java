package io.redline.query;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * 64-bit SimHash over stemmed word 3-shingles, with four 16-bit bands for near-duplicate candidate look-up.
 *
 * <p>Two texts whose hashes differ in at most {@link #MAX_DISTANCE} bits are the same story; by the pigeonhole
 * principle such a pair shares at least one of the four bands exactly, so a terms query on the bands finds every
 * candidate without scanning the index.
 */
public final class SimHash {

    /** Largest Hamming distance between two hashes of the same story (wire copies, light rewrites). */
    public static final int MAX_DISTANCE = 3;

    private SimHash() {}

    /** The SimHash of a text; texts with fewer than three words are hashed word by word. */
    public static long of(String text) {
        List<String> words = new ArrayList<>();
        for (String w : EnglishStemmer.words(text)) {
            words.add(EnglishStemmer.stem(w));
        }
        int[] weights = new int[64];
        int shingle = Math.min(3, Math.max(1, words.size()));
        for (int i = 0; i + shingle <= words.size(); i++) {
            long h = fnv1a64(String.join(" ", words.subList(i, i + shingle)));
            for (int bit = 0; bit < 64; bit++) {
                weights[bit] += ((h >>> bit) & 1) == 1 ? 1 : -1;
            }
        }
        long hash = 0;
        for (int bit = 0; bit < 64; bit++) {
            if (weights[bit] > 0) {
                hash |= 1L << bit;
            }
        }
        return hash;
    }

    /** The four bands of a hash as keyword values ("0:ab12"), the band number keeping equal bits in place. */
    public static List<String> bands(long hash) {
        List<String> bands = new ArrayList<>(4);
        for (int band = 0; band < 4; band++) {
            bands.add(band + ":" + Long.toHexString((hash >>> (band * 16)) & 0xFFFF));
        }
        return bands;
    }

    /** Number of differing bits. */
    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** Fixed-width hex form, as stored in the index. */
    public static String hex(long hash) {
        return String.format("%016x", hash);
    }

    /** Parses {@link #hex(long)}. */
    public static long parseHex(String hex) {
        return Long.parseUnsignedLong(hex, 16);
    }

    private static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        // FNV's low bits mix poorly for short inputs: a final avalanche spreads every input bit over all 64.
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
