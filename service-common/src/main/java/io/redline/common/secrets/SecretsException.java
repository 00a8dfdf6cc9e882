package io.redline.common.secrets;

/** A secret could not be sealed or opened, or the key configuration is unusable; the message says which and why. */
public final class SecretsException extends RuntimeException {

    public SecretsException(String message) {
        super(message);
    }

    public SecretsException(String message, Throwable cause) {
        super(message, cause);
    }
}
