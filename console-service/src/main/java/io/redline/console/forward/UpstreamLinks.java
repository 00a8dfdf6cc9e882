package io.redline.console.forward;

import io.redline.console.config.UpstreamUrl;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the absolute URLs a service names itself by in {@code Location}, {@code Content-Location} and {@code Link}
 * answers into paths on the console, so the browser follows them through the console and never learns an internal
 * host.
 *
 * <p>Quarkus makes a relative {@code Location} absolute with the scheme and the {@code Host} it was sent (in Compose
 * {@code http://search-service:8080/api/keys/<id>}), and links built from the request URI look the same; the browser
 * cannot reach that host, and it is none of its business. A URL is the service's when its host and port are those of
 * the configured URL or, with any {@code http}/{@code https} scheme (a trusted {@code X-Forwarded-Proto} changes the
 * scheme), those of the {@code Host} header the console sent; it becomes its raw path (without the service's base
 * path), query and fragment. Every other URL, a relative one, one outside the base path and one that does not parse
 * is passed on as the service wrote it.
 */
final class UpstreamLinks {

    /** The response headers whose URLs are rewritten, lower-cased. */
    static final Set<String> HEADERS = Set.of("location", "content-location", "link");

    private UpstreamLinks() {}

    /** {@code value} of the response header {@code name} with the service's own URLs made relative. */
    static String rewrite(UpstreamUrl upstream, String name, String value) {
        if (value == null) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "location", "content-location" -> relative(upstream, value);
            case "link" -> links(upstream, value);
            default -> value;
        };
    }

    /**
     * A {@code Link} header (RFC 8288: {@code <target>; param=value, <target>; ...}) with each target rewritten and
     * everything else as it was; a {@code <} inside a quoted parameter value is no target.
     */
    static String links(UpstreamUrl upstream, String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean quoted = false;
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (quoted) {
                out.append(c);
                if (c == '\\' && i + 1 < value.length()) {
                    out.append(value.charAt(i + 1));
                    i += 2;
                    continue;
                }
                quoted = c != '"';
                i++;
            } else if (c == '"') {
                quoted = true;
                out.append(c);
                i++;
            } else if (c == '<') {
                int end = value.indexOf('>', i + 1);
                if (end < 0) {
                    out.append(value, i, value.length());
                    break;
                }
                out.append('<')
                        .append(relative(upstream, value.substring(i + 1, end)))
                        .append('>');
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** {@code reference} as a path on the console when it names the service, else unchanged. */
    static String relative(UpstreamUrl upstream, String reference) {
        URI uri;
        try {
            uri = new URI(reference.trim());
        } catch (URISyntaxException e) {
            return reference;
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null || !namesService(upstream, uri)) {
            return reference;
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String base = upstream.basePath();
        if (!base.isEmpty()) {
            if (path.equals(base)) {
                path = "";
            } else if (path.startsWith(base + "/")) {
                path = path.substring(base.length());
            } else {
                // Outside the base path the console forwards nothing: no path on the console would lead there.
                return reference;
            }
        }
        StringBuilder out = new StringBuilder(path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            out.append('?').append(uri.getRawQuery());
        }
        if (uri.getRawFragment() != null) {
            out.append('#').append(uri.getRawFragment());
        }
        return out.toString();
    }

    /**
     * Whether {@code uri}'s authority is the service's: its host (any case) and either its port or, when the service
     * listens on its scheme's default port, no port (the {@code Host} header the HTTP client sends then has none).
     */
    private static boolean namesService(UpstreamUrl upstream, URI uri) {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
            return false;
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!host.equalsIgnoreCase(upstream.host())) {
            return false;
        }
        int port = uri.getPort();
        if (port == upstream.port()) {
            return true;
        }
        // No port: the service's when it listens on its scheme's default port (the Host header then has no port).
        return port == -1 && upstream.port() == (upstream.ssl() ? 443 : 80);
    }
}
