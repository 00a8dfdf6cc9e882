package io.redline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
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
 * A loopback webhook receiver that records every request and answers with a status the test switches, optionally
 * after a delay; it checks no signature itself (AlertDeliveryTest does; ContainerStackIT checks the recorded ones),
 * mostly counting what arrives under which webhook-id.
 */
final class WebhookReceiver implements AutoCloseable {

    /**
     * One webhook request as it arrived, with the status we answered and when it arrived ({@link System#nanoTime});
     * {@code timestamp}, {@code signature} and {@code raw} (the body's exact bytes) are what a Standard Webhooks
     * signature check needs.
     */
    record Received(
            String webhookId,
            JsonNode body,
            int answered,
            String timestamp,
            String signature,
            byte[] raw,
            long arrivedNanos) {

        String type() {
            return body.path("type").asText();
        }

        String subscriptionId() {
            return body.at("/data/subscriptionId").asText();
        }

        String storyId() {
            return body.at("/data/storyId").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<Received> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(204);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final HttpServer server;
    private final ExecutorService pool;

    /** Answers at once, on 4 threads. */
    WebhookReceiver() throws IOException {
        this(Duration.ZERO, 4);
    }

    /**
     * Answers each request {@code delay} after it arrived, on {@code threads} threads: a slow receiver, so that a
     * sender's attempts are under way (sent, not yet answered) for that long each.
     */
    WebhookReceiver(Duration delay, int threads) throws IOException {
        pool = Executors.newFixedThreadPool(threads);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            try (exchange;
                    InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                int status = answer.get();
                inFlight.incrementAndGet();
                try {
                    requests.add(new Received(
                            exchange.getRequestHeaders().getFirst("webhook-id"),
                            JSON.readTree(body),
                            status,
                            exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                            exchange.getRequestHeaders().getFirst("webhook-signature"),
                            body,
                            System.nanoTime()));
                    if (!delay.isZero()) {
                        Thread.sleep(delay.toMillis());
                    }
                    exchange.sendResponseHeaders(status, -1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inFlight.decrementAndGet();
                }
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

    /** Requests that have arrived and are not answered yet (held by the delay). */
    int inFlight() {
        return inFlight.get();
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
     * by webhook-id saw the story's alert once exactly when the set has one element. For tests with one subscription
     * per receiver.
     */
    Map<String, Set<String>> createdIdsByStory() {
        Map<String, Set<String>> byStory = new TreeMap<>();
        for (Received r : accepted()) {
            if ("alert.created".equals(r.type())) {
                byStory.computeIfAbsent(r.storyId(), k -> new TreeSet<>()).add(r.webhookId());
            }
        }
        return byStory;
    }

    /**
     * Subscription id -> story id -> distinct webhook-ids of the accepted {@code alert.created} requests: with many
     * subscriptions on one receiver, each subscription's story was alerted once exactly when its set has one element.
     */
    Map<String, Map<String, Set<String>>> createdIdsBySubscriptionAndStory() {
        Map<String, Map<String, Set<String>>> out = new TreeMap<>();
        for (Received r : accepted()) {
            if ("alert.created".equals(r.type())) {
                out.computeIfAbsent(r.subscriptionId(), k -> new TreeMap<>())
                        .computeIfAbsent(r.storyId(), k -> new TreeSet<>())
                        .add(r.webhookId());
            }
        }
        return out;
    }

    /** Accepted requests per webhook-id: more than one means the sender sent the same alert again (a retry). */
    Map<String, Long> acceptedRequestsById() {
        return accepted().stream()
                .collect(Collectors.groupingBy(Received::webhookId, TreeMap::new, Collectors.counting()));
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
