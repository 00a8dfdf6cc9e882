package io.redline.ingest.outlet;

/**
 * The outlet a feed speaks for, as far as article identity goes.
 *
 * @param key          the outlet's key (registered domain, admin group or the host itself); null when the feed's URL
 *                     has no host, so that it speaks for no link
 * @param sourceDomain what its articles on hosts it may not speak for show as their source: the feed's host (or the
 *                     outlet an admin declared) without {@code www.}
 * @param outlets      the rules {@link #speaksFor} applies
 */
public record Publisher(String key, String sourceDomain, Outlets outlets) {

    /** Whether this feed may publish {@code url} as that URL's own article (same outlet). */
    public boolean speaksFor(String url) {
        return outlets.entitled(key, url);
    }
}
