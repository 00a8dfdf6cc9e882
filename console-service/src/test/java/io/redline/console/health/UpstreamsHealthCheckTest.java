package io.redline.console.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redline.console.Browser;
import io.redline.console.UpstreamsResource;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The console is live and ready while one service is down (ingest-service here), and the {@code upstreams} group
 * says which services answer; metrics are served as by the other services.
 */
@QuarkusTest
@WithTestResource(UpstreamsResource.class)
class UpstreamsHealthCheckTest {

    @TestHTTPResource("/")
    URL console;

    @Test
    void readyWithOneServiceDownAndTheGroupNamesIt() {
        assertThat(Browser.get(console.getPort(), "/q/health/live").statusCode())
                .isEqualTo(200);
        HttpResponse<String> ready = Browser.get(console.getPort(), "/q/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("UP");

        HttpResponse<String> group = Browser.get(console.getPort(), "/q/health/group/upstreams");
        assertThat(group.statusCode()).isEqualTo(503);
        JsonObject check = new JsonObject(group.body()).getJsonArray("checks").getJsonObject(0);
        assertThat(check.getString("name")).isEqualTo("upstreams");
        assertThat(check.getString("status")).isEqualTo("DOWN");
        JsonObject data = check.getJsonObject("data");
        assertThat(data.getString("search-service")).isEqualTo("reachable");
        assertThat(data.getString("analysis-service")).isEqualTo("reachable");
        assertThat(data.getString("alert-service")).isEqualTo("reachable");
        assertThat(data.getString("ingest-service")).isEqualTo("unreachable");
        assertThat(group.body()).doesNotContain("127.0.0.1");
    }

    @Test
    void metricsAreServedWithOneSeriesPerRoutePrefix() {
        for (String id : new String[] {"a1", "b2", "c3"}) {
            assertThat(Browser.get(console.getPort(), "/api/stories/" + id).statusCode())
                    .isEqualTo(200);
        }
        HttpResponse<String> metrics = Browser.get(console.getPort(), "/q/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("uri=\"/api/stories/*\"");
        assertThat(metrics.body()).doesNotContain("/api/stories/a1").doesNotContain("/api/stories/b2");
    }
}
