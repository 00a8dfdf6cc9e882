package io.redline.ingest.feed;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import io.redline.ingest.parse.FeedParseException;
import io.redline.ingest.parse.FeedParser;
import io.redline.ingest.parse.ItemScan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a changed feed document with the entries the last document already had left out of it: a pre-scan finds
 * and fingerprints the entries in the raw bytes ({@link ItemScan}), and Rome gets the envelope plus the entries whose
 * fingerprint is new; when the pre-scan is unsure, or Rome's answer does not match it, the whole document is parsed.
 *
 * <p>Each remembered entry carries, next to its article id and entry fingerprint, its raw fingerprint and its date
 * ({@code FeedFetchState.itemPrints}: {@code print} or {@code print@epochMillis}), so that a left-out entry is
 * counted as the unchanged duplicate it is and still counts for the poll schedule.
 */
final class KnownItems {

    /** An entry of the last document, as remembered. */
    record Known(String id, String entryFingerprint, String print, Instant date) {}

    /**
     * One entry of the new document, in document order: either left out as {@code known}, or parsed as
     * {@code entry}; {@code print} is its raw fingerprint (null when the pre-scan did not run or did not match).
     */
    record Slot(Known known, SyndEntry entry, String print) {}

    /** The parsed envelope (with the new entries) and every entry of the document in order. */
    record Document(SyndFeed feed, List<Slot> slots, List<Instant> knownDates) {}

    private KnownItems() {}

    /** Parses {@code body}, leaving out the entries remembered in {@code feed}. */
    static Document parse(byte[] body, String contentType, FeedState feed) throws FeedParseException {
        ItemScan.Scan scan = ItemScan.scan(body, contentType);
        Map<String, Known> known = remembered(feed);
        if (scan != null && !known.isEmpty()) {
            List<ItemScan.Item> items = scan.items();
            boolean[] drop = new boolean[items.size()];
            int kept = 0;
            for (int i = 0; i < items.size(); i++) {
                drop[i] = known.containsKey(items.get(i).fingerprint());
                kept += drop[i] ? 0 : 1;
            }
            if (kept < items.size()) {
                SyndFeed reduced = null;
                try {
                    reduced = FeedParser.parse(scan.without(body, drop), contentType);
                } catch (FeedParseException e) {
                    // not expected (what was left out had parsed before); the whole document decides how to fail
                }
                if (reduced != null && reduced.getEntries().size() == kept) {
                    List<Slot> slots = new ArrayList<>(items.size());
                    List<Instant> dates = new ArrayList<>();
                    int next = 0;
                    for (int i = 0; i < items.size(); i++) {
                        String print = items.get(i).fingerprint();
                        if (drop[i]) {
                            Known k = known.get(print);
                            slots.add(new Slot(k, null, print));
                            if (k.date() != null) {
                                dates.add(k.date());
                            }
                        } else {
                            slots.add(new Slot(null, reduced.getEntries().get(next++), print));
                        }
                    }
                    return new Document(reduced, slots, dates);
                }
            }
        }
        SyndFeed whole = FeedParser.parse(body, contentType);
        List<SyndEntry> entries = whole.getEntries();
        boolean aligned = scan != null && scan.items().size() == entries.size();
        List<Slot> slots = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            slots.add(
                    new Slot(null, entries.get(i), aligned ? scan.items().get(i).fingerprint() : null));
        }
        return new Document(whole, slots, List.of());
    }

    /** The date the poll schedule reads from an entry (published, else updated), or null. */
    static Instant dateOf(SyndEntry e) {
        if (e.getPublishedDate() != null) {
            return e.getPublishedDate().toInstant();
        }
        return e.getUpdatedDate() == null ? null : e.getUpdatedDate().toInstant();
    }

    /** {@code print} or {@code print@epochMillis}, as stored. */
    static String encode(String print, Instant date) {
        return date == null ? print : print + "@" + date.toEpochMilli();
    }

    /**
     * Raw fingerprint -> remembered entry, from the three aligned lists of the last document; empty when the prints
     * are missing (state saved before they existed, or a document the pre-scan could not read).
     */
    static Map<String, Known> remembered(FeedState feed) {
        List<String> ids = feed.seenIds;
        List<String> fps = feed.entryFingerprints;
        List<String> prints = feed.itemPrints;
        if (prints.isEmpty() || prints.size() != ids.size() || fps.size() != ids.size()) {
            return Map.of();
        }
        Map<String, Known> out = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            String stored = prints.get(i);
            int at = stored.indexOf('@');
            String print = at < 0 ? stored : stored.substring(0, at);
            Instant date = null;
            if (at >= 0) {
                try {
                    date = Instant.ofEpochMilli(Long.parseLong(stored.substring(at + 1)));
                } catch (NumberFormatException e) {
                    continue; // not ours: parse that entry again
                }
            }
            out.put(print, new Known(ids.get(i), fps.get(i), print, date));
        }
        return out;
    }
}
