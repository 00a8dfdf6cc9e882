package io.redline.alerts.subscription;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * How the API shows a channel URL: masked, because webhook, Slack and Teams URLs carry their token in the path or
 * query and work as bearer credentials; enough is left (scheme, host, first path segment, last 4 characters) to tell
 * channels apart.
 */
final class ChannelUrls {

    private static final String ELLIPSIS = "...";
    /** A masked URL as {@link #mask} makes it: no one sends such a URL as a destination. */
    private static final Pattern MASKED =
            Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#]+/([^/?#]+/)?\\.\\.\\..{0,4}");

    private ChannelUrls() {}

    /**
     * {@code https://hooks.slack.com/services/...Ab12}: scheme, host (and port), the first path segment when more
     * follows, and the last 4 characters; null stays null.
     */
    static String mask(String url) {
        if (url == null) {
            return null;
        }
        String last = url.length() > 24 ? url.substring(url.length() - 4) : "";
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || u.getHost() == null) {
                return ELLIPSIS + last;
            }
            StringBuilder out = new StringBuilder(u.getScheme()).append("://").append(u.getHost());
            if (u.getPort() >= 0) {
                out.append(':').append(u.getPort());
            }
            out.append('/');
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            String[] segments = path.split("/", -1);
            // segments[0] is the empty string before the leading slash.
            if (segments.length > 2 && !segments[1].isEmpty()) {
                out.append(segments[1]).append('/');
            }
            return out.append(ELLIPSIS).append(last).toString();
        } catch (URISyntaxException e) {
            return ELLIPSIS + last;
        }
    }

    /** Whether {@code url} has the form of a masked URL (sent back as the API showed it). */
    static boolean looksMasked(String url) {
        return url != null && MASKED.matcher(url.strip()).matches();
    }
}
