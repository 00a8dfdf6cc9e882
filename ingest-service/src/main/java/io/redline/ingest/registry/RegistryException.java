package io.redline.ingest.registry;

/** A registry request that cannot be carried out, with the HTTP status that says why (400, 404, 409, 422, 503). */
public class RegistryException extends RuntimeException {

    private final int status;
    private final String field;

    public RegistryException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    /** HTTP status for the API. */
    public int status() {
        return status;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
