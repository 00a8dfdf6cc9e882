package io.redline.safehttp;

/**
 * What one POST got back; redirects are not followed, so a 3xx is a result like any other.
 *
 * @param status      HTTP status of the reply
 * @param contentType the Content-Type header, or null
 * @param retryAfter  the Retry-After header, or null (see {@link RetryAfter})
 * @param location    the Location header, or null (where a 3xx pointed)
 * @param body        the reply body, at most {@code maxReplyBytes} of it (not decompressed: identity was asked for)
 * @param truncated   whether the body was cut off at the cap or broke off before its end
 */
public record PostResult(
        int status, String contentType, String retryAfter, String location, byte[] body, boolean truncated) {

    /** A 2xx status. */
    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
