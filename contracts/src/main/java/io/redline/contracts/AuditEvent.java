package io.redline.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * One change to Redline's configuration, as written to {@code redline.audit} (schema {@value #SCHEMA}): who did
 * what to which feed, subscription or API key, when and from where.
 *
 * @param id            unique id of the event (also its document id in the audit index, so a re-read is harmless)
 * @param at            when the change was accepted
 * @param actor         the caller: an API key's owner or an OIDC token's principal
 * @param authMethod    {@code api-key}, {@code bootstrap} (the configured first admin key) or {@code oidc}
 * @param keyId         the API key's public id; null for OIDC callers
 * @param role          the caller's highest Redline role
 * @param action        {@code <target>.<verb>}, e.g. {@code feed.create}, {@code subscription.delete}, {@code key.revoke}
 * @param targetType    {@code feed}, {@code subscription} or {@code key}
 * @param targetId      the id of the changed object
 * @param sourceAddress the caller's address as the service saw it (after configured proxy forwarding)
 * @param service       the service that accepted the change
 * @param details       what changed, never secrets (no keys, webhook secrets or channel URLs with tokens)
 */
public record AuditEvent(
        String id,
        Instant at,
        String actor,
        String authMethod,
        String keyId,
        String role,
        String action,
        String targetType,
        String targetId,
        String sourceAddress,
        String service,
        Map<String, Object> details) {

    /** Value of the {@link ContractHeader} schema header. */
    public static final String SCHEMA = "audit/1";
}
