package io.redline.console.health;

import io.redline.console.config.ConsoleConfig;
import io.redline.console.config.UpstreamUrl;
import io.redline.console.forward.Forwarder;
import io.redline.console.forward.Service;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Whether each service answers, as the health group {@code upstreams} ({@code /q/health/group/upstreams}): UP when
 * all four do, with each one's state as data ({@code reachable}, {@code unreachable}, {@code timed out}). Not part of
 * the console's readiness on purpose: with one service down the page still serves the other three, so the console
 * stays ready and the page shows that service's 502.
 */
@HealthGroup("upstreams")
@ApplicationScoped
public class UpstreamsHealthCheck implements AsyncHealthCheck {

    /** A live probe answers at once when the service runs; waiting longer only delays the health answer. */
    private static final long PROBE_TIMEOUT_MS = 2_000;

    private final ConsoleConfig config;
    private final HttpClient client;

    public UpstreamsHealthCheck(Vertx vertx, ConsoleConfig config) {
        this.config = config;
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout((int) PROBE_TIMEOUT_MS),
                new PoolOptions().setHttp1MaxSize(2));
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<Future<String>> probes = new ArrayList<>();
        for (Service s : Service.values()) {
            probes.add(probe(s.url(config)));
        }
        Future<HealthCheckResponse> all = Future.join(probes).transform(done -> {
            HealthCheckResponseBuilder b =
                    HealthCheckResponse.named("upstreams").up();
            Service[] services = Service.values();
            for (int i = 0; i < services.length; i++) {
                String state = probes.get(i).result();
                b.withData(services[i].serviceName(), state);
                if (!"reachable".equals(state)) {
                    b.down();
                }
            }
            return Future.succeededFuture(b.build());
        });
        return Uni.createFrom().completionStage(all.toCompletionStage());
    }

    /** Asks the service's liveness endpoint; any HTTP answer means it is reachable. */
    private Future<String> probe(UpstreamUrl url) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(url.host())
                .setPort(url.port())
                .setSsl(url.ssl())
                .setURI(url.basePath() + "/q/health/live")
                .setConnectTimeout(PROBE_TIMEOUT_MS)
                .setIdleTimeout(PROBE_TIMEOUT_MS);
        return client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> "reachable"))
                .recover(failure -> Future.succeededFuture(Forwarder.isTimeout(failure) ? "timed out" : "unreachable"));
    }
}
