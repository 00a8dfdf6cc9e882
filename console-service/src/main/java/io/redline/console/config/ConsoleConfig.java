package io.redline.console.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The console's settings ({@code redline.console.*}): where the four services are and how requests reach them. */
@ConfigMapping(prefix = "redline.console")
public interface ConsoleConfig {

    /** The base URL of each service (absolute {@code http} or {@code https}, checked at start-up). */
    Upstreams upstream();

    /** How long opening a connection to a service may take before the request is answered 504. */
    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * How long a service may send nothing, before its answer starts or within it, before the request is given up (504
     * before the answer, a closed connection within it). Longer than alert-service's 15 s stream heartbeat, so an idle
     * alert stream stays open.
     */
    @WithDefault("60s")
    Duration idleTimeout();

    /** The largest request body passed on; a larger one is answered 413 (problem details). */
    @WithDefault("10M")
    MemorySize maxBodySize();

    /**
     * Connections the console may hold open to one service. Every open alert stream keeps one, so this bounds the
     * streams plus concurrent requests per service; requests beyond it wait for a free connection.
     */
    @WithDefault("256")
    int maxConnectionsPerUpstream();

    /** The four services' base URLs. */
    interface Upstreams {

        @WithDefault("http://localhost:8080")
        @WithConverter(UpstreamUrl.Converter.class)
        UpstreamUrl search();

        @WithDefault("http://localhost:8081")
        @WithConverter(UpstreamUrl.Converter.class)
        UpstreamUrl ingest();

        @WithDefault("http://localhost:8082")
        @WithConverter(UpstreamUrl.Converter.class)
        UpstreamUrl analysis();

        @WithDefault("http://localhost:8083")
        @WithConverter(UpstreamUrl.Converter.class)
        UpstreamUrl alert();
    }
}
