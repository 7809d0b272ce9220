package io.callvault.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.core.json.Json;
import io.callvault.core.model.MediaFile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallerAndAccessPolicyTest {
    @Test
    void readsClaimsAsApiGatewayFlattensThem() {
        Caller c = Caller.fromClaims(Map.of("ccid", "cc1", "username", "sup1",
                "permissions", "[RECORDING_READ RECORDING_PLAY]", "accessGroups", "[/sales /support/team2]",
                "agent", "false"));
        assertThat(c.permissions()).containsExactlyInAnyOrder("RECORDING_READ", "RECORDING_PLAY");
        assertThat(c.accessGroups()).containsExactly("/sales", "/support/team2");
        assertThat(c.agent()).isFalse();
    }

    @Test
    void readsJsonArraysAndCommaListsToo() {
        assertThat(Caller.list("[\"a b\",\"c\"]")).containsExactly("a b", "c");
        assertThat(Caller.list("a,b, c")).containsExactly("a", "b", "c");
        assertThat(Caller.list("[]")).isEmpty();
        assertThat(Caller.list(null)).isEmpty();
    }

    @Test
    void refusesTheWrongTenantAndMissingPermissions() {
        Caller c = new Caller("cc1", "u", Set.of("RECORDING_READ"), List.of("/"), false);
        assertThatThrownBy(() -> c.requireContactCenter("cc2")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> c.require(Permission.RECORDING_DELETE)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> Caller.fromClaims(null)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void aContactCenterAdminHoldsEveryLabelAndProtectionPermissionAndNothingElseBesides() {
        Caller admin = new Caller("cc1", "admin", Set.of(Permission.CONTACT_CENTER_ADMIN), List.of(), false);
        for (String p : List.of(Permission.ADD_LABEL_DEFINITION, Permission.DELETE_LABEL_DEFINITION,
                Permission.ADD_LABEL, Permission.DELETE_LABEL, Permission.APPLY_NON_DELETE,
                Permission.UNAPPLY_NON_DELETE, Permission.CONTACT_CENTER_ADMIN)) {
            assertThat(admin.has(p)).as(p).isTrue();
            admin.require(p);
        }
        for (String p : List.of(Permission.RECORDING_READ, Permission.RECORDING_PLAY, Permission.RECORDING_DELETE,
                Permission.RECORDING_INGEST, Permission.RECORDING_KEY_ADMIN, Permission.OPS)) {
            assertThat(admin.has(p)).as(p).isFalse();
        }
        Caller labeller = new Caller("cc1", "sup", Set.of(Permission.ADD_LABEL), List.of(), false);
        assertThat(labeller.has(Permission.ADD_LABEL)).isTrue();
        assertThat(labeller.has(Permission.DELETE_LABEL)).isFalse();
        assertThat(labeller.has(Permission.CONTACT_CENTER_ADMIN)).isFalse();
    }

    /** The architecture doc's rule, guide L33234-L33290: root, whole-segment prefix, partition name, own agent. */
    @ParameterizedTest(name = "groups {0}, agent {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "/                | false | true",
            "/sales           | false | true",
            "/sales/          | false | true",
            "/sales/team1     | false | true",
            "/sales/team1/x   | false | false",
            "/sal             | false | false",
            "/support         | false | false",
            "vip              | false | true",
            "/vip             | false | false",
            "''               | false | false",
            "''               | true  | true",
    })
    void decidesWhoSeesASegment(String groups, boolean agent, boolean visible) {
        MediaFile file = MediaFile.builder().mediaId("m1").startTime(Instant.EPOCH).stopTime(Instant.EPOCH)
                .accessgroups(List.of("/sales/team1")).partitions(List.of("vip"))
                .parameters(Json.object().put("username", "agent7")).build();
        Caller caller = new Caller("cc", agent ? "agent7" : "sup", Set.of(), Caller.list(groups), agent);
        assertThat(AccessPolicy.maySee(caller, file)).isEqualTo(visible);
    }

    @Test
    void anAgentDoesNotSeeAnotherAgentsSegment() {
        MediaFile file = MediaFile.builder().mediaId("m1").startTime(Instant.EPOCH).stopTime(Instant.EPOCH)
                .parameters(Json.object().put("username", "agent7")).build();
        assertThat(AccessPolicy.maySee(new Caller("cc", "agent8", Set.of(), List.of(), true), file)).isFalse();
        assertThat(AccessPolicy.maySee(new Caller("cc", "agent7", Set.of(), List.of(), false), file)).isFalse();
    }
}
