package io.redline.console.forward;

import io.redline.console.config.ConsoleConfig;
import io.redline.console.config.UpstreamUrl;

/** The four services the console forwards to, by the name problem details and health data show. */
public enum Service {
    SEARCH("search-service"),
    INGEST("ingest-service"),
    ANALYSIS("analysis-service"),
    ALERT("alert-service");

    private final String serviceName;

    Service(String serviceName) {
        this.serviceName = serviceName;
    }

    /** The name shown to callers: never a host name or address. */
    public String serviceName() {
        return serviceName;
    }

    /** This service's configured base URL. */
    public UpstreamUrl url(ConsoleConfig config) {
        return switch (this) {
            case SEARCH -> config.upstream().search();
            case INGEST -> config.upstream().ingest();
            case ANALYSIS -> config.upstream().analysis();
            case ALERT -> config.upstream().alert();
        };
    }
}
