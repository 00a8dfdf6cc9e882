package io.redline.alerts.delivery;

import io.redline.alerts.AlertsConfig;
import io.redline.safehttp.AddressPolicy;
import io.redline.safehttp.FetchException;
import io.redline.safehttp.PostResult;
import io.redline.safehttp.RetryAfter;
import io.redline.safehttp.SafeHttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * POSTs alert JSON to webhook, Slack and Teams URLs through the SSRF-guarded {@link SafeHttpClient} and classifies
 * the result as a {@link DeliveryOutcome}.
 *
 * <p>Blocking: call it from a worker thread, never the event loop. Subscribers choose the URLs, so every delivery
 * resolves the host once, refuses non-public addresses (unless on {@code redline.alerts.allow}) and connects to the
 * checked address only; redirects are reported, not followed.
 */
@ApplicationScoped
public class WebhookTransport {

    public static final String USER_AGENT = "Redline-Alerts/0.1";
    private static final Logger LOG = Logger.getLogger(WebhookTransport.class);
    static final String JSON = "application/json";
    /** How much of a reply goes into the outcome: enough for an error message, not a page of HTML. */
    private static final int MAX_REPLY_CHARS = 1000;

    private final SafeHttpClient client;
    private final Clock clock;

    @Inject
    public WebhookTransport(AlertsConfig config) {
        this(config.allow().orElse(List.of()), config.connectTimeout(), config.timeout(), Clock.systemUTC());
    }

    /** A transport with explicit settings; {@code clock} turns an HTTP-date Retry-After into a duration. */
    WebhookTransport(List<String> allow, Duration connectTimeout, Duration timeout, Clock clock) {
        // timeout is both the read timeout and the deadline of one delivery; the GET-only settings (body cap,
        // redirects) are 0 because this client only POSTs.
        this.client = new SafeHttpClient(new SafeHttpClient.Settings(
                USER_AGENT,
                connectTimeout,
                timeout,
                timeout,
                0,
                0,
                new AddressPolicy(allow, "redline.alerts.allow"),
                SafeHttpClient.DEFAULT_MAX_REPLY_BYTES));
        this.clock = clock;
    }

    /** POSTs {@code json} to {@code url} with {@code headers} (besides Content-Type, User-Agent and the framing). */
    public DeliveryOutcome post(String url, byte[] json, Map<String, String> headers) {
        String badUrl = checkUrl(url);
        if (badUrl != null) {
            return DeliveryOutcome.permanent(0, "bad URL: " + badUrl, "");
        }
        PostResult r;
        try {
            r = client.post(url, headers, json, JSON);
        } catch (FetchException e) {
            return failed(url, e);
        } catch (IllegalArgumentException e) {
            // A header the client refuses to write (control characters, reserved name): sending again cannot help.
            return DeliveryOutcome.permanent(0, "bad request: " + e.getMessage(), "");
        }
        return classify(r);
    }

    private DeliveryOutcome classify(PostResult r) {
        int status = r.status();
        String reply = reply(r);
        if (r.successful()) {
            return DeliveryOutcome.success(status, reply);
        }
        if (status == 410) {
            return DeliveryOutcome.gone(reply);
        }
        if (status == 429 || status == 408 || status >= 500 && status < 600) {
            Duration wait = RetryAfter.parse(r.retryAfter(), clock.instant());
            return DeliveryOutcome.retryable(status, wait, "HTTP " + status, reply);
        }
        if (status >= 300 && status < 400) {
            return DeliveryOutcome.permanent(
                    status,
                    "HTTP " + status + " redirect to " + r.location() + " (not followed: update the channel URL)",
                    reply);
        }
        return DeliveryOutcome.permanent(status, "HTTP " + status, reply);
    }

    /**
     * A refused address will be refused again; anything on the way to the receiver or from it (DNS, connect,
     * TLS, timeout, a garbled reply) may be passing, so it is retried.
     *
     * <p>The outcome's reason is what users see (delivery log, test send): it says what went wrong in words that
     * name no address, port or internal host, since a subscriber must not learn the network's layout from them. The
     * detail, with addresses, goes to the service log only.
     */
    private static DeliveryOutcome failed(String url, FetchException e) {
        LOG.warnf("Delivery POST to %s failed (%s): %s", hostOf(url), e.kind().tag(), e.getMessage());
        String reason = forUsers(e.kind());
        return switch (e.kind()) {
            case BLOCKED_ADDRESS -> DeliveryOutcome.permanent(0, reason, "");
            case DNS, CONNECT, TIMEOUT, TLS, IO, PROTOCOL -> DeliveryOutcome.retryable(0, null, reason, "");
            default -> DeliveryOutcome.permanent(0, reason, "");
        };
    }

    /** The user-facing text of a failed delivery: what happened, never where (no address, port or host name). */
    static String forUsers(FetchException.Kind kind) {
        return switch (kind) {
            case BLOCKED_ADDRESS ->
                "blocked address: the receiver's host is not a public address (an administrator"
                        + " may allow it with redline.alerts.allow)";
            case DNS -> "dns: the receiver's host name could not be resolved";
            case CONNECT -> "connect: the connection was refused or the receiver's host could not be reached";
            case TIMEOUT -> "timeout: the receiver did not answer in time";
            case TLS -> "tls: the TLS handshake with the receiver failed";
            case IO -> "io: the connection to the receiver broke off";
            case PROTOCOL -> "protocol: the receiver's reply was not valid HTTP";
            default -> kind.tag() + ": the delivery failed";
        };
    }

    /** The URL's host (and port) for the log, or the URL itself when it does not parse. */
    private static String hostOf(String url) {
        try {
            URI uri = new URI(url.strip());
            return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        } catch (URISyntaxException | RuntimeException e) {
            return url;
        }
    }

    /**
     * Why {@code url} cannot be posted to, or null. Checked here rather than left to the client so that a bad URL
     * (permanent) is not confused with a garbled reply (the client's PROTOCOL failure, retried).
     */
    static String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            return "missing";
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return "not http(s): " + url;
            }
            if (uri.getHost() == null) {
                return "no host: " + url;
            }
            return null;
        } catch (URISyntaxException e) {
            return e.getMessage();
        }
    }

    private static String reply(PostResult r) {
        String text = new String(r.body(), StandardCharsets.UTF_8);
        return text.length() > MAX_REPLY_CHARS ? text.substring(0, MAX_REPLY_CHARS) + "..." : text;
    }
}
