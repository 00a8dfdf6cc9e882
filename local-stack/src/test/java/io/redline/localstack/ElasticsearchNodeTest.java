package io.redline.localstack;

import static io.redline.localstack.ProcessAssertions.assertNothingLeft;
import static io.redline.localstack.ProcessAssertions.assertRunsAsGroupLeader;
import static io.redline.localstack.ProcessAssertions.processTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A node through a crash: index and search, SIGKILL, restart with the same data, and the check that the
 * Elasticsearch user can reach its directories.
 *
 * <p>It uses this JVM's shared node, as fault tests elsewhere will: starting Elasticsearch is the slowest thing
 * in this module's tests, and the shared node is also the one the test resource hands out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ElasticsearchNodeTest {

    private static final Duration READY = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newHttpClient();
    private ElasticsearchNode node;

    @BeforeAll
    void startNode() {
        node = LocalStack.shared().elasticsearch();
    }

    @Test
    @Order(1)
    void indexesADocumentAndFindsIt() throws Exception {
        assertThat(node.hostAndPort()).isEqualTo("127.0.0.1:" + node.httpPort());
        HttpResponse<String> indexed =
                send("PUT", "/node-test/_doc/1?refresh=true", "{\"title\":\"Border clash escalates\"}");
        assertThat(indexed.statusCode()).as(indexed.body()).isEqualTo(201);

        assertThat(searchForClash()).contains("\"total\":{\"value\":1").contains("Border clash escalates");
    }

    @Test
    @Order(2)
    void killLeavesNoProcessAndARestartKeepsTheData() throws Exception {
        long pid = node.pid();
        List<Long> tree = processTree(pid);
        assertRunsAsGroupLeader(pid);
        assertThat(tree)
                .as("the started process, the launcher JVM and the server JVM at least")
                .hasSizeGreaterThan(2);

        node.kill();

        assertNothingLeft(pid, tree);
        assertThat(node.isRunning()).isFalse();

        node.start().awaitReady(READY);

        assertThat(node.pid()).isNotEqualTo(pid);
        assertThat(searchForClash()).contains("Border clash escalates");
    }

    @Test
    @Order(3)
    void namesTheDirectoryTheElasticsearchUserCannotReach() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root hands Elasticsearch to another user");
        Path privateDir = Files.createDirectory(LocalStack.shared().runDir().resolve("private"));
        Files.setPosixFilePermissions(privateDir, PosixFilePermissions.fromString("rwx------"));
        ElasticsearchNode unreachable = ElasticsearchNode.onFreePort(privateDir.resolve("node"));

        assertThatThrownBy(unreachable::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot traverse directory " + privateDir)
                .hasMessageContaining("rwx------");
        assertThat(unreachable.isRunning()).isFalse();
    }

    /** Searches for "clash"; awaitReady waited for yellow health, so the index's primary shard is up. */
    private String searchForClash() throws Exception {
        HttpResponse<String> found = send("GET", "/node-test/_search?q=title:clash", null);
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        return found.body();
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.httpUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        request.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
