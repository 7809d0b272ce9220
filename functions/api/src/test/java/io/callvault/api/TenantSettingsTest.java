package io.callvault.api;

import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.ApiEvents;
import io.callvault.core.MovableClock;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.json.Json;
import io.callvault.core.settings.TenantEventDataFilters;
import io.callvault.core.settings.InteractionReceiver;
import io.callvault.core.settings.ReceiverUrls;
import io.callvault.core.settings.TenantSettings;
import io.callvault.core.store.SettingSecretVault;
import io.callvault.core.store.SettingsStore;
import io.callvault.standins.StandInStack;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cached reader the enrichment calls ({@link TenantSettings}), fed through the settings API: defaults,
 * hierarchical resolution for the stack's node path, the receiver's resolved secret, the 30-second cache on an
 * injected clock, and an invalid stored value surfacing as an error rather than a silent default.
 */
class TenantSettingsTest {
    static final StandInStack STACK = StandInStack.shared();
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    final SettingsHandler handler = new SettingsHandler(ApiEvents.env(SettingsHandler.class));
    final MovableClock clock = new MovableClock(T0);
    String ccid;
    Map<String, String> admin;

    @BeforeEach
    void tenant() {
        ccid = ApiEvents.newContactCenter("reader-");
        admin = claims(ccid, "cc-admin", List.of("CONTACT_CENTER_ADMIN"), List.of(), false);
    }

    TenantSettings reader(String nodePath) {
        return new TenantSettings(new SettingsStore(STACK.dynamo(), STACK.resourceName("ControlTable"), Clock.systemUTC()),
                new SettingSecretVault(AwsClients.secretsManager(new FunctionEnvironment(STACK.awsEnvironment()))),
                new ReceiverUrls(true), nodePath, clock);
    }

    void write(String method, String group, String body) {
        APIGatewayV2HTTPResponse r = handler.handleRequest(event(method + " /api/v2/settings/{group}", Map.of("group", group),
                null, body, admin), null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    }

    @Test
    void aTenantWithoutSettingsGetsTheGuidesDefaults() {
        TenantSettings settings = reader("/");
        assertThat(settings.acwThreshold(ccid)).isEqualTo(Duration.ZERO);
        assertThat(settings.callEndThreshold(ccid)).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.includeUnknownAgent(ccid)).isTrue();
        assertThat(settings.eventDataFilters(ccid)).isSameAs(TenantEventDataFilters.defaults());
        assertThat(settings.interactionReceiver(ccid)).isEmpty();
    }

    @Test
    void aChangeReachesTheReaderWhenItsThirtySecondsAreUp() {
        TenantSettings settings = reader("/");
        assertThat(settings.acwThreshold(ccid)).isEqualTo(Duration.ZERO);
        write("POST", "rps-provisioning", "[{\"name\":\"acwThresholdMinutes\",\"value\":7},"
                + "{\"name\":\"eventDataFilters\",\"value\":{\"attachedDataFilter\":\"^Secret\"}}]");
        assertThat(settings.acwThreshold(ccid)).as("cached").isEqualTo(Duration.ZERO);
        clock.advance(Duration.ofSeconds(29));
        assertThat(settings.acwThreshold(ccid)).as("still cached at 29 s").isEqualTo(Duration.ZERO);
        assertThat(settings.eventDataFilters(ccid).dropsAttachedData("ORSI:x")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(settings.acwThreshold(ccid)).as("read again at 30 s").isEqualTo(Duration.ofMinutes(7));
        assertThat(settings.eventDataFilters(ccid).dropsAttachedData("SecretCode")).isTrue();
        assertThat(settings.eventDataFilters(ccid).dropsAttachedData("ORSI:x")).isFalse();

        write("PUT", "rps-provisioning", "{\"name\":\"acwThresholdMinutes\",\"value\":8}");
        settings.invalidate(ccid);
        assertThat(settings.acwThreshold(ccid)).as("invalidate reads at once").isEqualTo(Duration.ofMinutes(8));
        assertThat(reader("/").acwThreshold(ccid)).as("a fresh reader reads the table").isEqualTo(Duration.ofMinutes(8));
    }

    @Test
    void theStackUsesTheDeepestOfItsNodePathAndItsAncestors() {
        write("POST", "rps-provisioning", "[{\"name\":\"callEndThresholdMinutes\",\"location\":\"/\",\"value\":10},"
                + "{\"name\":\"callEndThresholdMinutes\",\"location\":\"/US\",\"value\":20},"
                + "{\"name\":\"callEndThresholdMinutes\",\"location\":\"/US/CA\",\"value\":30},"
                + "{\"name\":\"includeUnknownAgent\",\"location\":\"/EU\",\"value\":false}]");
        assertThat(reader("/US/CA/aws-us-west-1").callEndThreshold(ccid)).isEqualTo(Duration.ofMinutes(30));
        assertThat(reader("/US/NY").callEndThreshold(ccid)).isEqualTo(Duration.ofMinutes(20));
        assertThat(reader("/EU/aws-eu-west-1").callEndThreshold(ccid)).isEqualTo(Duration.ofMinutes(10));
        assertThat(reader("/EU/aws-eu-west-1").includeUnknownAgent(ccid)).isFalse();
        assertThat(reader("/").includeUnknownAgent(ccid)).as("a /EU value does not reach /").isTrue();
        assertThat(reader("/").callEndThreshold(ccid)).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> reader("US")).hasMessageContaining("NODE_PATH");
    }

    @Test
    void theReceiverComesWithItsCredentialsResolvedAndMaskedWhenPrinted() {
        write("POST", "speechminer", "{\"name\":\"interaction-receiver\",\"location\":\"/US\",\"value\":"
                + "{\"uri-prefix\":\"http://127.0.0.1:8099/interactionreceiver\",\"userName\":\"smuser\",\"password\":\"s3cr3t\"}}");
        assertThat(reader("/EU").interactionReceiver(ccid)).as("not at /EU").isEmpty();
        Optional<InteractionReceiver> receiver = reader("/US/CA").interactionReceiver(ccid);
        assertThat(receiver).hasValueSatisfying(r -> {
            assertThat(r.uriPrefix()).isEqualTo(URI.create("http://127.0.0.1:8099/interactionreceiver"));
            assertThat(r.userName()).isEqualTo("smuser");
            assertThat(r.password()).isEqualTo("s3cr3t");
            assertThat(r.location()).isEqualTo("/US");
            assertThat(r.basicAuthorization()).isEqualTo("Basic c211c2VyOnMzY3IzdA==");
            assertThat(r.toString()).doesNotContain("smuser", "s3cr3t");
        });
        // A reader whose policy refuses loopback refuses the stored URL too (checked again at read time).
        TenantSettings strict = new TenantSettings(new SettingsStore(STACK.dynamo(), STACK.resourceName("ControlTable"),
                Clock.systemUTC()), new SettingSecretVault(AwsClients.secretsManager(new FunctionEnvironment(STACK.awsEnvironment()))),
                new ReceiverUrls(false), "/US", clock);
        assertThatThrownBy(() -> strict.interactionReceiver(ccid)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("speechminer/interaction-receiver").hasMessageNotContaining("s3cr3t");
    }

    @Test
    void anInvalidStoredValueIsAnErrorNamingTheSettingNeverASilentDefault() {
        STACK.dynamo().putItem(b -> b.tableName(STACK.resourceName("ControlTable")).item(Map.of(
                "PK", AttributeValue.fromS("CC#" + ccid + "#GROUP#rps-provisioning"),
                "SK", AttributeValue.fromS("NAME#eventDataFilters#LOC#/"),
                "name", AttributeValue.fromS("eventDataFilters"), "location", AttributeValue.fromS("/"),
                "value", AttributeValue.fromS(Json.object().put("attachedDataFilter", "(").toString()),
                "version", AttributeValue.fromN("1"), "updatedAt", AttributeValue.fromN("0"),
                "updatedBy", AttributeValue.fromS("someone"))));
        assertThatThrownBy(() -> reader("/").eventDataFilters(ccid)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rps-provisioning/eventDataFilters at /")
                .hasMessageContaining("value.attachedDataFilter");
    }
}
