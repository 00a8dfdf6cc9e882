package io.redline.search.keys;

import io.quarkus.security.identity.SecurityIdentity;
import io.redline.security.Caller;
import io.redline.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/me}: who the caller is (owner, role, how they signed in), so that a client such as the newsroom
 * console can sign in with a key and show only what the role may do.
 */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.READER_NAME)
public class MeResource {

    private final SecurityIdentity identity;

    public MeResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @Operation(
            summary = "The caller: owner, role (reader, editor or admin), authMethod (api-key, bootstrap or oidc) "
                    + "and keyId (null for OIDC); 401 without a valid credential")
    public Map<String, Object> me() {
        Caller caller = Caller.of(identity);
        // A LinkedHashMap, not Map.of: keyId is null for OIDC callers and the field should still be there.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("owner", caller.owner());
        body.put("role", caller.role() == null ? null : caller.role().id());
        body.put("authMethod", caller.authMethod());
        body.put("keyId", caller.keyId());
        return body;
    }
}
