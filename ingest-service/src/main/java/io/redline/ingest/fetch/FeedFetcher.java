package io.redline.ingest.fetch;

import io.redline.ingest.feed.IngestConfig;
import io.redline.safehttp.AddressPolicy;
import io.redline.safehttp.FetchException;
import io.redline.safehttp.FetchResult;
import io.redline.safehttp.SafeHttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Fetches feeds for the poller through the SSRF-guarded {@link SafeHttpClient}, configured from {@link IngestConfig}. */
@ApplicationScoped
public class FeedFetcher {

    private final SafeHttpClient client;

    public FeedFetcher(IngestConfig config) {
        this.client = new SafeHttpClient(new SafeHttpClient.Settings(
                config.userAgent(),
                config.connectTimeout(),
                config.readTimeout(),
                config.fetchTimeout(),
                config.maxBodyBytes(),
                config.maxRedirects(),
                new AddressPolicy(config.allow().orElse(List.of()), "redline.ingest.allow")));
    }

    /** Fetches {@code url}; {@code etag}/{@code lastModified} from the previous fetch make it conditional. */
    public FetchResult fetch(String url, String etag, String lastModified) throws FetchException {
        return client.get(url, etag, lastModified);
    }
}
