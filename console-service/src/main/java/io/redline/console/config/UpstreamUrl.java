package io.redline.console.config;

import java.io.Serial;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A service's base URL, taken apart for the HTTP client: scheme, host, port and a path prefix (empty, or starting
 * with {@code /} and without a trailing one) put before every forwarded path.
 */
public record UpstreamUrl(boolean ssl, String host, int port, String basePath) {

    /**
     * Reads {@code value} as an absolute {@code http} or {@code https} URL with a host and no query, fragment or user
     * information; anything else is refused with a message that says what is wrong.
     */
    public static UpstreamUrl parse(String value) {
        String v = value == null ? "" : value.trim();
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + v + "' is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException(
                    "'" + v + "' is not an absolute http:// or https:// URL (e.g. http://localhost:8080)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + v + "' names no host (e.g. http://search-service:8080)");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "'" + v + "' must be a base URL without user information, query or fragment");
        }
        boolean ssl = "https".equals(scheme);
        int port = uri.getPort() != -1 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String host = uri.getHost();
        // URI keeps the brackets of an IPv6 literal; the HTTP client wants the bare address.
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new UpstreamUrl(ssl, host, port, path);
    }

    /** The URL again, for logs and health data. */
    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (ssl ? "https://" : "http://") + h + ":" + port + basePath;
    }

    /** The configuration converter, so a bad URL stops the console at start-up naming the property. */
    public static final class Converter implements org.eclipse.microprofile.config.spi.Converter<UpstreamUrl> {

        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public UpstreamUrl convert(String value) {
            return parse(value);
        }
    }
}
