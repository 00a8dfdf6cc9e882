package io.redline.localstack.security;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The check every service's {@code ApiAccessMatrixTest} makes: a walk of its OpenAPI document with one key per role
 * and a revoked admin key, which must find no violation, every path at its decided lowest role, and enough operations.
 *
 * <p>The keys come from the caller, through the service's own key store: local-stack cannot depend on api-security,
 * which depends on service-common, whose tests depend on local-stack (a cycle Maven refuses).
 */
public final class ApiAccessMatrix {

    private ApiAccessMatrix() {}

    /**
     * Walks {@code service} and fails with an {@link AssertionError} naming what is wrong; prints the walk's table
     * either way, so a test's output shows the coverage.
     *
     * @param service       the running service, e.g. {@code http://localhost:8081}
     * @param createKey     makes a valid key with the given name and role (one of {@link ApiAccessWalker#ROLES}) and
     *                      returns its value
     * @param revokeKey     revokes the key with the given value
     * @param lowestRoles   the lowest role decided for each path prefix (see {@link ApiAccessWalker.Report#roleMismatches})
     * @param minOperations how many /api operations the document has at least, so that a walk of a document that lost
     *                      its operations cannot pass
     * @return the walk's report
     */
    public static ApiAccessWalker.Report check(
            URI service,
            BiFunction<String, String, String> createKey,
            Consumer<String> revokeKey,
            Map<String, String> lowestRoles,
            int minOperations) {
        Map<String, String> keysByRole = new LinkedHashMap<>();
        for (String role : ApiAccessWalker.ROLES) {
            keysByRole.put(role, createKey.apply("matrix " + role, role));
        }
        // A key of the highest role (admin), so a revoked key is shown to lose even that.
        String highest = ApiAccessWalker.ROLES.get(ApiAccessWalker.ROLES.size() - 1);
        String revoked = createKey.apply("matrix revoked", highest);
        revokeKey.accept(revoked);

        ApiAccessWalker.Report report = new ApiAccessWalker(service, keysByRole, revoked).walk();
        System.out.println(report.table());

        if (!report.clean()) {
            throw new AssertionError(report.violationMessage());
        }
        List<String> mismatches = report.roleMismatches(lowestRoles);
        if (!mismatches.isEmpty()) {
            throw new AssertionError("operations at another role than decided:\n  " + String.join("\n  ", mismatches));
        }
        if (report.operations().size() < minOperations) {
            throw new AssertionError("expected at least " + minOperations + " /api operations, the document has "
                    + report.operations().size());
        }
        return report;
    }
}
