package io.redline.ingest.fetch;

import io.redline.ingest.feed.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Fetches a feed over HTTP with conditional headers, a size cap after decompression and a total deadline.
 */
@ApplicationScoped
public class FeedFetcher {

    private final IngestConfig config;
    private final HttpClient client;

    public FeedFetcher(IngestConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Fetches {@code url}; {@code etag}/{@code lastModified} from the previous fetch make it conditional. */
    public FetchResult fetch(String url, String etag, String lastModified) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + config.fetchTimeout().toNanos();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.fetchTimeout())
                .header("User-Agent", config.userAgent())
                .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5")
                .header("Accept-Encoding", "gzip, deflate")
                .GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            request.header("If-Modified-Since", lastModified);
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String newEtag = response.headers().firstValue("ETag").orElse(null);
        String newLastModified = response.headers().firstValue("Last-Modified").orElse(null);
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        try (InputStream raw = response.body()) {
            if (response.statusCode() == 304 || response.statusCode() >= 300) {
                return new FetchResult(response.statusCode(), new byte[0], contentType, newEtag, newLastModified);
            }
            String encoding = response.headers().firstValue("Content-Encoding").orElse("identity").toLowerCase();
            InputStream body = switch (encoding) {
                case "gzip", "x-gzip" -> new GZIPInputStream(raw);
                case "deflate" -> new InflaterInputStream(raw);
                default -> raw;
            };
            byte[] bytes = readCapped(body, config.maxBodyBytes(), deadline);
            return new FetchResult(response.statusCode(), bytes, contentType, newEtag, newLastModified);
        }
    }

    /** Reads at most {@code cap} bytes, failing on more or when the deadline passes between reads. */
    static byte[] readCapped(InputStream in, long cap, long deadlineNanos) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > cap) {
                throw new IOException("body larger than " + cap + " bytes");
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IOException("fetch deadline exceeded");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** What one fetch returned. */
    public record FetchResult(int status, byte[] body, String contentType, String etag, String lastModified) {
        public boolean notModified() {
            return status == 304;
        }
    }
}
