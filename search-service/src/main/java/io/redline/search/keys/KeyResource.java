package io.redline.search.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.quarkus.security.identity.SecurityIdentity;
import io.redline.common.rest.Problems;
import io.redline.query.InvalidParameterException;
import io.redline.security.ApiKey;
import io.redline.security.ApiKeyStore;
import io.redline.security.AuditLog;
import io.redline.security.AuthConfig;
import io.redline.security.Caller;
import io.redline.security.Role;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code /api/keys}: admins create, list, read and revoke the API keys every Redline service accepts; creations and
 * revocations are recorded in the audit log.
 */
@Path("/api/keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
@Blocking
public class KeyResource {

    /** How long a request waits for the key table after start-up before answering 503. */
    private static final Duration LOAD_WAIT = Duration.ofSeconds(5);

    private static final String RETRY_AFTER_SECONDS = "5";

    private final ApiKeyStore keys;
    private final AuditLog audit;
    private final SecurityIdentity identity;
    private final int maxKeys;

    public KeyResource(ApiKeyStore keys, AuditLog audit, SecurityIdentity identity, AuthConfig auth) {
        this.keys = keys;
        this.audit = audit;
        this.identity = identity;
        this.maxKeys = auth.maxKeys();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create an API key: name, owner and role (reader, editor or admin). The response carries "
                    + "the key itself, once; only a salted hash is kept")
    public Response create(KeyRequest request) {
        KeyValidator.Valid valid = KeyValidator.validate(request);
        awaitLoaded();
        if (keys.list().stream()
                        .filter(k -> !ApiKeyStore.BOOTSTRAP_ID.equals(k.id()))
                        .count()
                >= maxKeys) {
            // The store refuses as well, but with the same exception as a broker failure: say which it is here.
            return Problems.builder(
                            409,
                            "Too many API keys",
                            "At most " + maxKeys + " API keys may exist (redline.auth.max-keys)")
                    .build();
        }
        ApiKeyStore.Created created;
        try {
            created = keys.create(
                    valid.name(),
                    valid.owner(),
                    valid.role(),
                    Caller.of(identity).owner());
        } catch (IllegalStateException e) {
            throw new KeysUnavailableException("Kafka did not accept the new key; nothing was created", e);
        }
        ApiKey key = created.key();
        audit.record("key.create", "key", key.id(), details(key));
        return Response.created(URI.create("/api/keys/" + key.id()))
                .entity(CreatedKey.of(created))
                .build();
    }

    @GET
    @Operation(summary = "List API keys, the bootstrap key first, then newest first; never their values or hashes")
    public List<KeyView> list(
            @Parameter(description = "Only keys of this owner") @QueryParam("owner") String owner,
            @Parameter(description = "true: only keys still accepted; false: only revoked keys") @QueryParam("active")
                    String active) {
        if (owner != null && !KeyValidator.isOwner(owner)) {
            throw new InvalidParameterException("owner", "is not a valid owner name");
        }
        Boolean activeOnly = bool("active", active);
        awaitLoaded();
        return keys.list().stream()
                .filter(k -> owner == null || owner.equals(k.owner()))
                .filter(k -> activeOnly == null || k.active() == activeOnly)
                .map(KeyView::of)
                .toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One API key (the configured first admin key is 'bootstrap')")
    public KeyView get(@PathParam("id") String id) {
        awaitLoaded();
        return KeyView.of(keys.get(id).orElseThrow(() -> notFound(id)));
    }

    @DELETE
    @Path("{id}")
    @Operation(
            summary = "Revoke an API key: every instance of every service refuses it moments later. Revoking a "
                    + "revoked key changes nothing; the bootstrap key cannot be revoked here (409)")
    public Response revoke(@PathParam("id") String id) {
        awaitLoaded();
        ApiKey key = keys.get(id).orElseThrow(() -> notFound(id));
        if (ApiKeyStore.BOOTSTRAP_ID.equals(key.id())) {
            return Problems.builder(
                            409,
                            "The bootstrap key cannot be revoked",
                            "The bootstrap admin key comes from configuration: remove redline.auth.bootstrap-admin-key "
                                    + "(REDLINE_AUTH_BOOTSTRAP_ADMIN_KEY) from every service's configuration and restart "
                                    + "them, once another admin key exists")
                    .build();
        }
        if (!key.active()) {
            return Response.noContent().build();
        }
        ApiKey revoked;
        try {
            revoked = keys.revoke(id, Caller.of(identity).owner()).orElseThrow(() -> notFound(id));
        } catch (IllegalStateException e) {
            throw new KeysUnavailableException("Kafka did not accept the revocation; the key still works", e);
        }
        audit.record("key.revoke", "key", revoked.id(), details(revoked));
        return Response.noContent().build();
    }

    /** What the audit log says about a key: never its value, salt or hash. */
    private static Map<String, Object> details(ApiKey key) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", key.name());
        d.put("owner", key.owner());
        d.put("role", key.role());
        return d;
    }

    /** Answers from a half-read key table would list too few keys and miss a revocation: wait briefly, then 503. */
    private void awaitLoaded() {
        try {
            if (keys.awaitLoaded(LOAD_WAIT)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new KeysUnavailableException("the API keys are still being read from Kafka", null);
    }

    private static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new InvalidParameterException(name, "true or false");
        };
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no API key with id " + id);
    }

    /** Kafka unreachable or the key table not read yet: 503 with Retry-After, so clients try again shortly. */
    @ServerExceptionMapper
    public Response unavailable(KeysUnavailableException e) {
        return Problems.builder(503, "API keys unavailable", e.getMessage() + "; retry shortly")
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    /**
     * A body of the wrong shape ({@code "name": {...}}, a list instead of an object): 400 naming the field, like
     * every other bad field, instead of the framework's own error format.
     */
    @ServerExceptionMapper
    public Response badBody(JsonProcessingException e) {
        String field = "body";
        if (e instanceof JsonMappingException m
                && !m.getPath().isEmpty()
                && m.getPath().get(0).getFieldName() != null) {
            field = m.getPath().get(0).getFieldName();
        }
        return Problems.response(
                400,
                "Invalid parameter",
                field + ": "
                        + ("body".equals(field)
                                ? "a JSON object with name, owner and role is required"
                                : "must be a string"),
                Map.of("parameter", field));
    }

    /** Thrown when the key store cannot answer or write now. */
    static final class KeysUnavailableException extends RuntimeException {
        KeysUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
