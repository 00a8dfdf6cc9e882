package io.redline.alerts.delivery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real webhook receiver on 127.0.0.1 (the JDK's HTTP server) that records every request and answers as told. */
final class Receiver implements AutoCloseable {

    /** One request as it arrived: header names lower-cased, the raw body bytes. */
    record Request(String method, String path, Map<String, String> headers, byte[] body) {}

    /** Answers a recorded request. */
    interface Answer {
        void answer(Request request, HttpExchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    final List<Request> requests = new CopyOnWriteArrayList<>();

    Receiver(Answer answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            try (exchange) {
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
                Request request = new Request(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        headers,
                        exchange.getRequestBody().readAllBytes());
                requests.add(request);
                answer.answer(request, exchange);
            } catch (Exception e) {
                // the client gave up (deadline): the behaviour under test
            }
        });
        // One thread per request, so a hanging answer does not hold up the next test's requests.
        server.setExecutor(executor);
        server.start();
    }

    /** A receiver answering every request with {@code status}, {@code headers} and a short text body. */
    static Receiver answering(int status, Map<String, String> headers, String body) throws IOException {
        return new Receiver((request, exchange) -> send(exchange, status, headers, body));
    }

    static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
