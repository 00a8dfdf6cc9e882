package io.redline.ingest.registry;

import io.redline.ingest.outlet.Outlets;
import io.redline.safehttp.AddressPolicy;
import io.redline.safehttp.FetchException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A feed as a client sends it to {@code POST} / {@code PUT /api/feeds}, and its validation.
 *
 * @param url          http(s) URL of the feed (required)
 * @param title        optional name
 * @param tags         optional tags / collections
 * @param language     optional ISO 639-1 hint for feeds that declare none
 * @param pollInterval optional fixed interval ({@code 90s}, {@code 5m}, {@code 1h} or ISO {@code PT5M}); without it
 *                     the schedule adapts to the feed
 * @param enabled      false registers the feed without polling it; default true
 * @param outlet       optional domain of the outlet the feed speaks for when it is not on the outlet's own domain
 *                     (e.g. {@code bbc.co.uk} for an outlet's feed on a feed-hosting service): its entries linking
 *                     there then merge with the outlet's own articles
 */
public record FeedRequest(
        String url,
        String title,
        List<String> tags,
        String language,
        String pollInterval,
        Boolean enabled,
        String outlet) {

    /** A request without an outlet. */
    public FeedRequest(
            String url, String title, List<String> tags, String language, String pollInterval, Boolean enabled) {
        this(url, title, tags, language, pollInterval, enabled, null);
    }

    static final int MAX_URL = 2048;
    static final int MAX_TITLE = 300;
    static final int MAX_TAGS = 20;
    static final int MAX_TAG = 64;
    static final Duration MIN_FIXED = Duration.ofSeconds(10);
    static final Duration MAX_FIXED = Duration.ofDays(7);
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,7})\\s*(ms|s|m|h|d)");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");

    /** The validated URL, trimmed; refuses what is malformed, not http(s), or what the SSRF guard would refuse. */
    static String validUrl(String url, AddressPolicy policy) {
        if (url == null || url.isBlank()) {
            throw new RegistryException(400, "url", "url is required");
        }
        String u = url.trim();
        if (u.length() > MAX_URL) {
            throw new RegistryException(400, "url", "url is longer than " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new RegistryException(400, "url", "url is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RegistryException(400, "url", "url must be http or https");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new RegistryException(400, "url", "url has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RegistryException(400, "url", "url must not carry credentials");
        }
        // Refuse now what every fetch would refuse, so the mistake shows at once; a name that does not resolve yet
        // is accepted (DNS may come later) and will show as a dns error in the feed's health.
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                policy.check(uri.getHost(), address);
            }
        } catch (UnknownHostException e) {
            // accepted, see above
        } catch (FetchException e) {
            throw new RegistryException(422, "url", "refused by the SSRF guard: " + e.getMessage());
        }
        return u;
    }

    /** Trimmed, de-duplicated tags within the limits. */
    static List<String> validTags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String t : tags) {
            if (t == null || t.isBlank()) {
                continue;
            }
            String tag = t.trim();
            if (tag.length() > MAX_TAG) {
                throw new RegistryException(
                        400, "tags", "tag longer than " + MAX_TAG + " characters: " + tag.substring(0, 20) + "...");
            }
            out.add(tag);
        }
        if (out.size() > MAX_TAGS) {
            throw new RegistryException(400, "tags", "more than " + MAX_TAGS + " tags");
        }
        return new ArrayList<>(out);
    }

    static String validTitle(String title) {
        if (title == null || title.isBlank()) {
            return null;
        }
        String t = title.strip();
        if (t.length() > MAX_TITLE) {
            throw new RegistryException(400, "title", "title is longer than " + MAX_TITLE + " characters");
        }
        return t;
    }

    /** The outlet, canonical ({@code Example.ORG.} -> {@code example.org}); null when absent. */
    static String validOutlet(String outlet) {
        if (outlet == null || outlet.isBlank()) {
            return null;
        }
        String o = Outlets.validOutlet(outlet);
        if (o == null) {
            throw new RegistryException(
                    400, "outlet", "outlet must be a domain name (not a public suffix such as co.uk) or an IP address");
        }
        return o;
    }

    static String validLanguage(String language) {
        if (language == null || language.isBlank()) {
            return null;
        }
        String l = language.trim().toLowerCase(Locale.ROOT);
        if (!LANGUAGE.matcher(l).matches()) {
            throw new RegistryException(400, "language", "language must be a two-letter ISO 639-1 code");
        }
        return l;
    }

    /** {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT5M}); null when absent. */
    static Duration validInterval(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        Duration d;
        Matcher m = SIMPLE_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new RegistryException(400, "pollInterval", "pollInterval must look like 90s, 5m, 1h or PT5M");
            }
        }
        if (d.compareTo(MIN_FIXED) < 0 || d.compareTo(MAX_FIXED) > 0) {
            throw new RegistryException(400, "pollInterval", "pollInterval must be between 10s and 7d");
        }
        return d;
    }
}
