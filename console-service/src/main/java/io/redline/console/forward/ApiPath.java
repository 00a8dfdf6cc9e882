package io.redline.console.forward;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The check a raw request path passes before it is forwarded unchanged: the path is routed on and sent as the
 * browser wrote it, so anything a service could resolve to another path is refused here rather than normalised,
 * namely dot segments ({@code ..}, {@code .}, also percent-encoded), encoded slashes and backslashes, empty segments,
 * path parameters ({@code ;}) and control characters. What passes names the same resource at the console and at the
 * service.
 */
public final class ApiPath {

    private ApiPath() {}

    /** Why {@code rawPath} may not be forwarded, or empty when it may. */
    public static Optional<String> refusal(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/api/")) {
            return Optional.of("not an /api path");
        }
        if (rawPath.indexOf('\\') >= 0 || rawPath.indexOf(';') >= 0) {
            return Optional.of("backslashes and path parameters (;) are not allowed");
        }
        String[] segments = rawPath.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                // A trailing slash is harmless (it names the same collection); an empty segment inside is not.
                if (i == segments.length - 1) {
                    continue;
                }
                return Optional.of("empty path segments (//) are not allowed");
            }
            Optional<String> decoded = decode(segment);
            if (decoded.isEmpty()) {
                return Optional.of("malformed percent-encoding");
            }
            String d = decoded.get();
            if (d.equals(".") || d.equals("..")) {
                return Optional.of("dot segments (. and ..) are not allowed");
            }
            for (int c = 0; c < d.length(); c++) {
                char ch = d.charAt(c);
                if (ch == '/' || ch == '\\' || ch == ';' || ch < 0x20 || ch == 0x7f) {
                    return Optional.of(
                            "encoded slashes, backslashes, semicolons and control characters are not allowed");
                }
            }
        }
        return Optional.empty();
    }

    /** {@code segment} percent-decoded as UTF-8, or empty when an escape or the UTF-8 is malformed. */
    static Optional<String> decode(String segment) {
        if (segment.indexOf('%') < 0) {
            for (int i = 0; i < segment.length(); i++) {
                char ch = segment.charAt(i);
                if (ch < 0x20 || ch >= 0x7f) {
                    return Optional.empty();
                }
            }
            return Optional.of(segment);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char ch = segment.charAt(i);
            if (ch == '%') {
                if (i + 2 >= segment.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write((hi << 4) | lo);
                i += 2;
            } else if (ch < 0x20 || ch >= 0x7f) {
                return Optional.empty();
            } else {
                bytes.write(ch);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
