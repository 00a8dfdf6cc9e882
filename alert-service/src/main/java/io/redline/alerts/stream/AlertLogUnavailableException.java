package io.redline.alerts.stream;

/**
 * Elasticsearch did not answer the alert log, or answered 429/5xx: nothing was lost, try again later (the HTTP API
 * answers 503 with Retry-After).
 */
public class AlertLogUnavailableException extends RuntimeException {

    public AlertLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
