package io.redline.console;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * Real HTTP servers standing in for search-service, analysis-service and alert-service, and a closed port for
 * ingest-service (a service that is down); points the console at them with a short idle timeout (2 s) and a small
 * body limit (1 MiB) so the timeout and limit tests stay small. The tests reach the servers through the static
 * fields.
 */
public class UpstreamsResource implements QuarkusTestResourceLifecycleManager {

    public static final long MAX_BODY = 1024 * 1024;

    public static FakeService search;
    public static FakeService analysis;
    public static FakeService alert;
    /** Where ingest-service would be: a port nothing listens on. */
    public static String ingestDown;

    @Override
    public Map<String, String> start() {
        search = new FakeService("search");
        analysis = new FakeService("analysis");
        alert = new FakeService("alert");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ingestDown = "http://127.0.0.1:" + s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("redline.console.upstream.search", search.url());
        config.put("redline.console.upstream.ingest", ingestDown);
        config.put("redline.console.upstream.analysis", analysis.url());
        config.put("redline.console.upstream.alert", alert.url());
        config.put("redline.console.idle-timeout", "2s");
        config.put("redline.console.max-body-size", Long.toString(MAX_BODY));
        config.put("quarkus.log.category.\"io.redline.console\".level", "DEBUG");
        return config;
    }

    @Override
    public void stop() {
        for (FakeService s : new FakeService[] {search, analysis, alert}) {
            if (s != null) {
                s.close();
            }
        }
    }
}
