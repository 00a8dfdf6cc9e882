package io.redline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A loopback webhook receiver that records every request and answers with a status the test switches; it checks no
 * signature itself (AlertDeliveryTest does; ContainerStackIT checks the recorded ones), mostly counting what arrives
 * under which webhook-id.
 */
final class WebhookReceiver implements AutoCloseable {

    /**
     * One webhook request as it arrived, with the status we answered; {@code timestamp}, {@code signature} and
     * {@code raw} (the body's exact bytes) are what a Standard Webhooks signature check needs.
     */
    record Received(String webhookId, JsonNode body, int answered, String timestamp, String signature, byte[] raw) {

        String type() {
            return body.path("type").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<Received> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(204);
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                int status = answer.get();
                requests.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"), JSON.readTree(body),
                        status, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body));
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.setExecutor(pool);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void answer(int status) {
        answer.set(status);
    }

    List<Received> accepted() {
        return requests.stream().filter(r -> r.answered() / 100 == 2).toList();
    }

    /** Distinct webhook-ids of every request, refused or not. */
    Set<String> ids() {
        return requests.stream().map(Received::webhookId).collect(Collectors.toCollection(TreeSet::new));
    }

    Set<String> acceptedIds() {
        return accepted().stream().map(Received::webhookId).collect(Collectors.toCollection(TreeSet::new));
    }

    Set<String> types() {
        return accepted().stream().map(Received::type).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Story id -> distinct webhook-ids of the accepted {@code alert.created} requests for it: a receiver that dedupes
     * by webhook-id saw the story's alert once exactly when the set has one element.
     */
    Map<String, Set<String>> createdIdsByStory() {
        Map<String, Set<String>> byStory = new TreeMap<>();
        for (Received r : accepted()) {
            if ("alert.created".equals(r.type())) {
                byStory.computeIfAbsent(r.body().at("/data/storyId").asText(), k -> new TreeSet<>())
                        .add(r.webhookId());
            }
        }
        return byStory;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
