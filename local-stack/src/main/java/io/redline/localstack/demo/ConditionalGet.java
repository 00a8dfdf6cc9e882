package io.redline.localstack.demo;

import com.sun.net.httpserver.Headers;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/** The validators of RFC 9110 conditional GET: an ETag from a body's hash, and whether a request's validators match. */
final class ConditionalGet {

    private ConditionalGet() {}

    /** A strong ETag: the first 128 bits of the body's SHA-256, quoted. */
    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Whether a 304 answers the request (RFC 9110 section 13.2.2): If-None-Match decides when present,
     * If-Modified-Since only otherwise; {@code lastModified} may be null.
     */
    static boolean notModified(Headers request, String etag, Instant lastModified) {
        String ifNoneMatch = request.getFirst("If-None-Match");
        if (ifNoneMatch != null) {
            return etagMatches(ifNoneMatch, etag);
        }
        String ifModifiedSince = request.getFirst("If-Modified-Since");
        if (ifModifiedSince == null || lastModified == null) {
            return false;
        }
        try {
            Instant since = DateTimeFormatter.RFC_1123_DATE_TIME.parse(ifModifiedSince.trim(), Instant::from);
            return !lastModified.truncatedTo(ChronoUnit.SECONDS).isAfter(since);
        } catch (DateTimeParseException e) {
            // An unreadable date is ignored, as RFC 9110 asks: the client gets the full response.
            return false;
        }
    }

    /** Weak comparison, as If-None-Match uses: {@code W/"x"} matches {@code "x"}; {@code *} matches all. */
    static boolean etagMatches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
