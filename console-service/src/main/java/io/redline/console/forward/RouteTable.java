package io.redline.console.forward;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which service answers an {@code /api} path: a fixed table of path prefixes, each matching itself and what lies
 * below it ({@code /api/alerts} matches {@code /api/alerts/stream}, not {@code /api/alertsX}); the longest prefix
 * wins.
 */
public final class RouteTable {

    /** The prefixes as the architecture fixes them (console brief, "Route table"). */
    public static final Map<String, Service> ROUTES = routes();

    private static final List<Map.Entry<String, Service>> LONGEST_FIRST = ROUTES.entrySet().stream()
            .sorted(Comparator.comparingInt(
                            (Map.Entry<String, Service> e) -> e.getKey().length())
                    .reversed())
            .toList();

    private RouteTable() {}

    private static Map<String, Service> routes() {
        Map<String, Service> r = new LinkedHashMap<>();
        for (String p : List.of(
                "/api/articles",
                "/api/timeline",
                "/api/stories",
                "/api/dyads",
                "/api/spikes",
                "/api/keys",
                "/api/audit",
                "/api/me")) {
            r.put(p, Service.SEARCH);
        }
        r.put("/api/feeds", Service.INGEST);
        r.put("/api/analyze", Service.ANALYSIS);
        r.put("/api/taxonomy", Service.ANALYSIS);
        // The desk brief; a subscription's brief is under /api/subscriptions/{id}/brief, alert-service's already.
        for (String p : List.of("/api/subscriptions", "/api/alerts", "/api/deliveries", "/api/quotas", "/api/brief")) {
            r.put(p, Service.ALERT);
        }
        return Map.copyOf(r);
    }

    /** The service for {@code path} (a checked raw path, see {@link ApiPath}), or empty when no prefix matches. */
    public static Optional<Service> route(String path) {
        for (Map.Entry<String, Service> e : LONGEST_FIRST) {
            String prefix = e.getKey();
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }
}
