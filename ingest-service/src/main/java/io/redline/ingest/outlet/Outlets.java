package io.redline.ingest.outlet;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which hosts a feed may speak for: those of its own registered domain (public-suffix list), and those of a group of
 * domains an admin declared to be one outlet ({@code redline.ingest.outlet-groups}).
 *
 * <p>The registered domain is the public-suffix list's registrable domain, private section included, so that
 * {@code news.bbc.co.uk} and {@code feeds.bbc.co.uk} are one outlet ({@code bbc.co.uk}) while {@code a.blogspot.com}
 * and {@code b.blogspot.com}, handed out to different people, are two. A name under a suffix the list does not know
 * ({@code .example}, an intranet's {@code .corp}) follows the list's default rule: its last two labels. An IP address,
 * a public suffix itself or a single-label name speaks only for itself.
 */
public final class Outlets {

    /** No admin groups: registered domains only. */
    public static final Outlets NONE = new Outlets(List.of());

    private final List<List<String>> groups;

    /** Outlets with {@code groups}, each a list of normalised domains (or IP addresses) that count as one outlet. */
    public Outlets(List<List<String>> groups) {
        this.groups = groups.stream().map(List::copyOf).toList();
    }

    /**
     * Parses the {@code outlet-groups} setting: each entry one group, its domains separated by spaces or {@code |}
     * ({@code "bbc.co.uk bbci.co.uk bbc.com"}); throws {@link IllegalArgumentException} naming a bad domain.
     */
    public static Outlets parse(List<String> entries) {
        List<List<String>> groups = new ArrayList<>();
        for (String entry : entries) {
            Set<String> group = new LinkedHashSet<>();
            for (String name : entry.trim().split("[\\s|]+")) {
                if (name.isEmpty()) {
                    continue;
                }
                String host = validOutlet(name);
                if (host == null) {
                    throw new IllegalArgumentException(
                            "redline.ingest.outlet-groups: not a domain or IP address: '" + name + "'");
                }
                group.add(host);
            }
            if (!group.isEmpty()) {
                groups.add(List.copyOf(group));
            }
        }
        return new Outlets(groups);
    }

    /** The admin groups, normalised. */
    public List<List<String>> groups() {
        return groups;
    }

    /**
     * The publisher of the feed registered at {@code feedUrl}: it speaks for the host of that URL (the one an admin
     * registered, not where it redirects), or for {@code declaredOutlet} when an admin set one on the feed.
     */
    public Publisher publisherOf(String feedUrl, String declaredOutlet) {
        String home = declaredOutlet != null ? normalizeHost(declaredOutlet) : hostOf(feedUrl);
        if (home == null) {
            return new Publisher(null, null, this);
        }
        return new Publisher(keyOf(home), withoutWww(home), this);
    }

    /** Whether a feed whose outlet key is {@code key} may speak for {@code url}'s host. */
    boolean entitled(String key, String url) {
        String host = hostOf(url);
        return key != null && host != null && key.equals(keyOf(host));
    }

    /**
     * The outlet a host belongs to: the first domain of the admin group holding it (the host or a parent domain of
     * it), else its registered domain, else the host itself.
     */
    public String keyOf(String host) {
        String h = normalizeHost(host);
        if (h == null) {
            return null;
        }
        for (List<String> group : groups) {
            for (String domain : group) {
                if (h.equals(domain) || (!isIp(h) && h.endsWith("." + domain))) {
                    return group.get(0);
                }
            }
        }
        String registered = registeredDomain(h);
        return registered != null ? registered : h;
    }

    /**
     * The registrable domain of {@code host} ({@code news.bbc.co.uk} -> {@code bbc.co.uk}), or null for an IP
     * address, a public suffix, a single label or a name that is not a valid domain name.
     */
    public static String registeredDomain(String host) {
        String h = normalizeHost(host);
        if (h == null || isIp(h) || !InternetDomainName.isValid(h)) {
            return null;
        }
        InternetDomainName name = InternetDomainName.from(h);
        if (name.isUnderPublicSuffix()) {
            return name.topPrivateDomain().toString();
        }
        if (name.isPublicSuffix() || name.parts().size() < 2) {
            return null;
        }
        // A suffix the list does not know: its default rule ("*") makes the last label the suffix.
        List<String> parts = name.parts();
        return parts.get(parts.size() - 2) + "." + parts.get(parts.size() - 1);
    }

    /**
     * An admin's outlet value made canonical ({@code WWW.Example.org.} -> {@code www.example.org}), or null when it is
     * not a host name or IP address, or is a public suffix (which would name no one outlet).
     */
    public static String validOutlet(String value) {
        String h = normalizeHost(value);
        if (h == null || h.length() > 253) {
            return null;
        }
        if (isIp(h)) {
            return h;
        }
        if (!InternetDomainName.isValid(h)) {
            return null;
        }
        InternetDomainName name = InternetDomainName.from(h);
        return name.isPublicSuffix() || (name.parts().size() < 2 && !name.isUnderPublicSuffix()) ? null : h;
    }

    /** The host of {@code url}, normalised, or null. */
    static String hostOf(String url) {
        if (url == null) {
            return null;
        }
        try {
            return normalizeHost(new URI(url.trim()).getHost());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Lower case, without a trailing dot; IP addresses in their one canonical form (IPv6 without brackets). */
    static String normalizeHost(String host) {
        if (host == null) {
            return null;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty() || h.contains("/") || h.contains(":") && !InetAddresses.isInetAddress(h)) {
            return null;
        }
        if (InetAddresses.isInetAddress(h)) {
            return InetAddresses.toAddrString(InetAddresses.forString(h));
        }
        return h;
    }

    private static boolean isIp(String normalizedHost) {
        return InetAddresses.isInetAddress(normalizedHost);
    }

    private static String withoutWww(String host) {
        return host.startsWith("www.") ? host.substring(4) : host;
    }
}
