package io.redline.ingest.fetch;

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
 */
public record FetchResult(int status, byte[] body, String contentType, String etag, String lastModified,
        String retryAfter, String finalUrl) {

    public boolean notModified() {
        return status == 304;
    }
}
