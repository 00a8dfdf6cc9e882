package io.redline.query;

import io.redline.contracts.Corroboration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Counts the independent outlets of a story's articles: one outlet per group of same-domain pieces and wire copies. */
public final class Outlets {

    private Outlets() {}

    /**
     * One article of a story, as much as the count needs.
     *
     * @param id          article id (a repeated id counts once)
     * @param domain      source domain as fetched
     * @param simhash     its SimHash, null when unknown
     * @param contentHash hash of title and text, null when unknown
     * @param publishedAt publication time, null when unknown (sorted last)
     */
    public record Member(String id, String domain, Long simhash, String contentHash, Instant publishedAt) {}

    /** The outlet of a source domain: lower case, without a leading www., m. or amp. (repeatedly). */
    public static String outlet(String domain) {
        if (domain == null) {
            return "";
        }
        String d = domain.strip().toLowerCase(Locale.ROOT);
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String prefix : List.of("www.", "m.", "amp.")) {
                // Never strip down to nothing or to a bare suffix ("m.co" stays).
                if (d.startsWith(prefix) && d.indexOf('.', prefix.length()) > 0) {
                    d = d.substring(prefix.length());
                    stripped = true;
                }
            }
        }
        return d;
    }

    /**
     * The corroboration of a story: articles are one source when of the same outlet or copies of one wire text
     * (SimHash within {@link SimHash#MAX_DISTANCE} bits, or equal content hash), transitively (union-find); outlets is
     * the number of sources. Null for no articles.
     */
    public static Corroboration of(List<Member> articles) {
        Map<String, Member> byId = new HashMap<>();
        for (Member m : articles) {
            byId.putIfAbsent(m.id(), m);
        }
        List<Member> members = new ArrayList<>(byId.values());
        if (members.isEmpty()) {
            return null;
        }
        members.sort(Comparator.comparing(Member::publishedAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                .thenComparing(Member::id));
        int n = members.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        Map<String, Integer> firstOfOutlet = new HashMap<>();
        Map<String, Integer> firstOfContent = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Member m = members.get(i);
            Integer same = firstOfOutlet.putIfAbsent(outlet(m.domain()), i);
            if (same != null) {
                union(parent, same, i);
            }
            if (m.contentHash() != null && !m.contentHash().isBlank()) {
                Integer copy = firstOfContent.putIfAbsent(m.contentHash(), i);
                if (copy != null) {
                    union(parent, copy, i);
                }
            }
            // Quadratic, but a story's articles are few; the cap is the caller's read size.
            for (int j = 0; j < i && m.simhash() != null; j++) {
                Long other = members.get(j).simhash();
                if (other != null && SimHash.distance(m.simhash(), other) <= SimHash.MAX_DISTANCE) {
                    union(parent, j, i);
                }
            }
        }
        Set<Integer> roots = new LinkedHashSet<>();
        Set<String> domains = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            roots.add(find(parent, i));
            domains.add(outlet(members.get(i).domain()));
        }
        Member first = members.get(0);
        return new Corroboration(roots.size(), n, first.publishedAt(), outlet(first.domain()), List.copyOf(domains));
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            // The earlier article's root stays the root, so a group is named by its first reporter.
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
