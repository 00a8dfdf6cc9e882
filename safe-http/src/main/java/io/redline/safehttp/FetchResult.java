package io.redline.safehttp;

/**
 * What one fetch returned after following redirects.
 *
 * @param status       HTTP status of the last hop
 * @param body         decompressed body (empty for 304 and errors)
 * @param contentType  the Content-Type header, or null
 * @param etag         the ETag header, or null
 * @param lastModified the Last-Modified header, or null
 * @param retryAfter   the Retry-After header, or null
 * @param finalUrl     the URL the body came from (after redirects): the base for relative links
 * @param cacheControl the Cache-Control header, or null (a floor for the poll schedule)
 * @param expires      the Expires header, or null
 */
public record FetchResult(
        int status,
        byte[] body,
        String contentType,
        String etag,
        String lastModified,
        String retryAfter,
        String finalUrl,
        String cacheControl,
        String expires) {

    public boolean notModified() {
        return status == 304;
    }
}
