package io.redline.security;

/**
 * A presented {@code rlk_} key could not be checked because the key table is still being read at start-up; answered
 * with 503 and {@code Retry-After} rather than 401 (the key may well be valid) or a long wait (which would tie up a
 * worker per guess).
 */
public class KeyTableLoadingException extends RuntimeException {

    public KeyTableLoadingException() {
        super("The API keys are still being read at start-up; retry in a moment");
    }
}
