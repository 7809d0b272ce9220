package io.callvault.api.intake;

import static io.callvault.api.intake.IntakeTestSupport.STACK;
import static io.callvault.api.intake.IntakeTestSupport.TABLE;
import static io.callvault.core.ApiEvents.claims;
import static io.callvault.core.ApiEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.api.ApiDependencies;
import io.callvault.api.ContactCenters;
import io.callvault.api.RecordingIngestHandler;
import io.callvault.api.RecordingService;
import io.callvault.api.SettingsHandler;
import io.callvault.core.ApiEvents;
import io.callvault.core.MovableClock;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.http.Caller;
import io.callvault.core.intake.IntakeKeys;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.intake.RetrySchedule;
import io.callvault.core.json.Json;
import io.callvault.core.metrics.Metrics;
import io.callvault.core.model.MediaFile;
import io.callvault.core.model.Recording;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.settings.ReceiverUrls;
import io.callvault.core.settings.TenantSettings;
import io.callvault.core.store.AgentDirectory;
import io.callvault.core.store.RecordingStore;
import io.callvault.core.store.SettingSecretVault;
import io.callvault.core.store.SettingsStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One look at a call, on the real stand-ins with a clock the test moves: the thresholds at their edges, a call without
 * any event data, a late segment, a duplicate message, a store that is down for hours (and for 40 days), and a store
 * that refuses for good. Calls are the guide's (stop 2015-06-24T20:19:36Z) under fresh call UUIDs.
 */
class EnrichmentServiceTest {
    static final FunctionEnvironment ENV = ApiEvents.env(EnrichmentHandler.class);

    MovableClock clock;
    String ccid;
    String callUuid;
    Instant stop;
    ApiDependencies deps;
    RawIntake intake;
    InteractionEvents events;
    EnrichmentService service;
    RecordingStore recordings;

    @BeforeEach
    void setUp() {
        ccid = IntakeTestSupport.newContactCenter("enrich-");
        callUuid = IntakeTestSupport.newCallUuid();
        stop = Instant.parse(IntakeTestSupport.file(IntakeTestSupport.rawPost(callUuid, "x")).get("stopTime").asText());
        clock = new MovableClock(stop.minus(Duration.ofMinutes(1)));
        deps = new ApiDependencies(ENV, clock);
        recordings = deps.recordings();
        IntakeLedger ledger = new IntakeLedger(deps.dynamo(), TABLE, clock);
        IntakeDependencies intakeDeps = new IntakeDependencies(ENV, clock);
        intake = new RawIntake(ledger, intakeDeps.contactCenters(), intakeDeps.enrichQueue(), new Metrics(clock), clock);
        events = new InteractionEvents(ledger, intakeDeps.contactCenters(), intakeDeps.enrichQueue(), new Metrics(clock), clock);
        service = service(recordings);
        settings("[{\"name\":\"acwThresholdMinutes\",\"value\":5},{\"name\":\"callEndThresholdMinutes\",\"value\":30}]");
    }

    EnrichmentService service(RecordingStore store) {
        IntakeDependencies intakeDeps = new IntakeDependencies(ENV, clock);
        TenantSettings tenantSettings = new TenantSettings(new SettingsStore(deps.dynamo(), STACK.resourceName("ControlTable"),
                Clock.systemUTC()), new SettingSecretVault(AwsClients.secretsManager(ENV)), new ReceiverUrls(true), "/",
                Clock.systemUTC());
        RecordingService storing = new RecordingService(store, intakeDeps.contactCenters(), deps.audit(), deps.mediaObjects(),
                deps.waitingMedia());
        return new EnrichmentService(intakeDeps.ledger(), new EnrichmentProgress(deps.dynamo(), TABLE, RetrySchedule.GUIDE),
                tenantSettings, new AgentDirectory(deps.dynamo(), STACK.resourceName("ControlTable"), clock), store,
                intakeDeps.contactCenters(), storing, new AnalyticsNotifications(deps.dynamo(), TABLE, RetrySchedule.GUIDE, clock),
                intakeDeps.enrichQueue(), intakeDeps.notifyQueue(), clock);
    }

    /** The same pipeline with the recordings table unreachable (nothing listens on port 1): a real connection failure. */
    EnrichmentService storeDown() {
        DynamoDbClient unreachable = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:1"))
                .region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        return service(new RecordingStore(unreachable, STACK.resourceName("RecordingsTable"), clock));
    }

    void settings(String body) {
        SettingsHandler handler = new SettingsHandler(ApiEvents.env(SettingsHandler.class));
        APIGatewayV2HTTPResponse r = handler.handleRequest(event("POST /api/v2/settings/{group}", Map.of("group", "rps-provisioning"),
                null, body, claims(ccid, "admin", List.of("CONTACT_CENTER_ADMIN"), List.of(), false)), null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    }

    Caller mcp() {
        return Caller.fromClaims(IntakeTestSupport.mediaServer(ccid));
    }

    void postSegment(int n) {
        ObjectNode post = IntakeTestSupport.rawPost(callUuid, IntakeTestSupport.mediaId(callUuid, n));
        intake.post(mcp(), ccid, post::toString);
    }

    void postEvents(String body) {
        events.post(mcp(), ccid, callUuid, () -> body);
    }

    EnrichmentService.Outcome look() {
        return service.handle(new IntakeMessage(ccid, callUuid));
    }

    Map<String, AttributeValue> item(String sk) {
        return STACK.dynamo().getItem(b -> b.tableName(TABLE).consistentRead(true).key(Map.of(
                IntakeKeys.PK, AttributeValue.fromS(IntakeKeys.call(ccid, callUuid)), IntakeKeys.SK, AttributeValue.fromS(sk)))).item();
    }

    List<String> storedMediaIds() {
        return recordings.find(ccid, RecordingKind.CALL, callUuid).map(r -> r.recording().mediaFiles().stream()
                .map(MediaFile::mediaId).toList()).orElse(List.of());
    }

    @Test
    void aCallIsStoredAtCallEndPlusTheAcwThresholdNotAMillisecondBefore() {
        postSegment(1);
        clock.advance(Duration.between(clock.instant(), stop.plus(Duration.ofMinutes(5)).minusMillis(1)));
        assertThat(look()).isEqualTo(EnrichmentService.Outcome.WAITING);
        assertThat(storedMediaIds()).isEmpty();
        assertThat(item(IntakeKeys.STATE).get("dueAt").s()).as("looked at again at the threshold")
                .isEqualTo(IntakeKeys.sortableTime(stop.plus(Duration.ofMinutes(5))));
        assertThat(item(IntakeKeys.STATE).get(IntakeKeys.DUE_SK).s()).startsWith(IntakeKeys.sortableTime(stop.plus(Duration.ofMinutes(5))));

        clock.advance(Duration.ofMillis(1));
        assertThat(look()).isEqualTo(EnrichmentService.Outcome.STORED);
        assertThat(storedMediaIds()).containsExactly(IntakeTestSupport.mediaId(callUuid, 1));
        Map<String, AttributeValue> state = item(IntakeKeys.STATE);
        assertThat(state.get("status").s()).isEqualTo("STORED");
        assertThat(state).doesNotContainKeys(IntakeKeys.DUE_PK, IntakeKeys.STATUS_PK);
        Map<String, AttributeValue> notify = item(IntakeKeys.NOTIFY);
        assertThat(notify.get("generation").n()).isEqualTo(state.get("changeSeq").n());
        assertThat(notify.get(IntakeKeys.DUE_SK).s()).as("the analytics post waits for call end + 30 minutes")
                .startsWith(IntakeKeys.sortableTime(stop.plus(Duration.ofMinutes(30))));

        assertThat(look()).as("a duplicate message finds nothing to do").isEqualTo(EnrichmentService.Outcome.NOTHING_TO_DO);
    }

    @Test
    void afterCallWorkDoneBeforeTheThresholdStoresAtThatMomentAndEventDataIsUsed() {
        postSegment(1);
        Instant acwDone = stop.plus(Duration.ofMinutes(2));
        postEvents("{\"events\":[{\"eventId\":\"end\",\"type\":\"CallEnded\",\"occurredAt\":\"" + stop + "\"},"
                + "{\"eventId\":\"acw\",\"type\":\"AfterCallWorkDone\",\"occurredAt\":\"" + acwDone + "\"},"
                + "{\"eventId\":\"data\",\"type\":\"AttachedData\",\"occurredAt\":\"" + stop.minusSeconds(5) + "\","
                + "\"data\":{\"added\":{\"GRECORD_PARTITIONS\":\"/sales,/support\",\"ORSI:secret\":\"x\"}}}]}");
        clock.advance(Duration.between(clock.instant(), acwDone.minusMillis(1)));
        assertThat(look()).isEqualTo(EnrichmentService.Outcome.WAITING);
        clock.advance(Duration.ofMillis(1));
        assertThat(look()).isEqualTo(EnrichmentService.Outcome.STORED);
        Recording stored = recordings.find(ccid, RecordingKind.CALL, callUuid).orElseThrow().recording();
        assertThat(stored.mediaFiles().get(0).partitions()).contains("/sales", "/support");
        assertThat(Json.write(io.callvault.core.codec.RecordingCodec.write(stored, null)))
                .as("the tenant's default filters drop ORSI: keys").doesNotContain("ORSI:secret");
    }

    @Test
    void withoutAnyEventDataTheLastSegmentsStopIsTheCallEnd() {
        postSegment(1);
        clock.advance(Duration.between(clock.instant(), stop.plus(Duration.ofMinutes(5))));
        assertThat(look()).isEqualTo(EnrichmentService.Outcome.STORED);
    }

    @Test
    void aLateSegmentIsAddedToTheStoredRecordingAndAnnouncedAsANewGeneration() {
        postSegment(1);
        clock.advance(Duration.ofMinutes(10));
        assertThat(look()).isEqualTo(EnrichmentService.Outcome.STORED);
        long first = Long.parseLong(item(IntakeKeys.NOTIFY).get("generation").n());

        postSegment(2);
        assertThat(item(IntakeKeys.STATE).get("status").s()).isEqualTo("PENDING");
        assertThat(look()).isEqualTo(EnrichmentService.Outcome.STORED);
        assertThat(storedMediaIds()).containsExactlyInAnyOrder(IntakeTestSupport.mediaId(callUuid, 1),
                IntakeTestSupport.mediaId(callUuid, 2));
        assertThat(Long.parseLong(item(IntakeKeys.NOTIFY).get("generation").n())).isGreaterThan(first);
    }

    @Test
    void eventsAloneAreKeptForTheirMediaAndNeedNoLook() {
        postEvents("{\"eventId\":\"end\",\"type\":\"CallEnded\",\"occurredAt\":\"" + stop + "\"}");
        assertThat(look()).isEqualTo(EnrichmentService.Outcome.NOTHING_TO_DO);
        assertThat(item(IntakeKeys.STATE).get("status").s()).isEqualTo("AWAITING_MEDIA");
    }

    @Test
    void aStoreThatIsDownForHoursIsRetriedWithGrowingIntervalsAndTheAnalyticsPostFollowsTheStore() {
        postSegment(1);
        clock.advance(Duration.ofMinutes(10));
        EnrichmentService down = storeDown();

        Duration previous = Duration.ZERO;
        for (int attempt = 1; attempt <= 8; attempt++) {
            assertThat(down.handle(new IntakeMessage(ccid, callUuid))).isEqualTo(EnrichmentService.Outcome.RETRY_SCHEDULED);
            Map<String, AttributeValue> state = item(IntakeKeys.STATE);
            assertThat(state.get("status").s()).isEqualTo("RETRYING");
            assertThat(state.get("attempts").n()).isEqualTo(Integer.toString(attempt));
            Instant due = Instant.parse(state.get("dueAt").s());
            Duration wait = Duration.between(clock.instant(), due);
            assertThat(wait).isGreaterThanOrEqualTo(previous);
            assertThat(item(IntakeKeys.NOTIFY)).as("never announced before it is stored").isNullOrEmpty();
            // A message that comes early (a duplicate) does not jump the back-off.
            assertThat(service.handle(new IntakeMessage(ccid, callUuid))).isEqualTo(EnrichmentService.Outcome.WAITING);
            clock.advance(wait);
            previous = wait;
        }
        assertThat(previous).isEqualTo(Duration.ofHours(1));
        assertThat(look()).isEqualTo(EnrichmentService.Outcome.STORED);
        assertThat(storedMediaIds()).hasSize(1);
        assertThat(item(IntakeKeys.NOTIFY)).isNotEmpty();
        assertThat(item(IntakeKeys.STATE).get("attempts").n()).isEqualTo("0");
    }

    @Test
    void aStoreDownPastTheFortyDayDeadlineDeadLettersTheCall() {
        postSegment(1);
        clock.advance(Duration.ofMinutes(10));
        EnrichmentService down = storeDown();
        assertThat(down.handle(new IntakeMessage(ccid, callUuid))).isEqualTo(EnrichmentService.Outcome.RETRY_SCHEDULED);
        clock.advance(Duration.ofDays(40));
        assertThat(down.handle(new IntakeMessage(ccid, callUuid))).isEqualTo(EnrichmentService.Outcome.DEAD_LETTERED);
        Map<String, AttributeValue> state = item(IntakeKeys.STATE);
        assertThat(state.get("status").s()).isEqualTo("DEAD");
        assertThat(state.get(IntakeKeys.STATUS_PK).s()).isEqualTo(IntakeKeys.statusPartition(ccid, io.callvault.core.intake.IntakeStatus.DEAD));
        assertThat(state).doesNotContainKeys(IntakeKeys.DUE_PK, IntakeKeys.EXPIRES_AT);
        assertThat(IntakeTestSupport.partition(ccid, callUuid)).as("kept, with its segments, until re-driven")
                .allSatisfy(i -> assertThat(i).doesNotContainKey(IntakeKeys.EXPIRES_AT));
        assertThat(look()).as("a dead call waits for its re-drive").isEqualTo(EnrichmentService.Outcome.NOTHING_TO_DO);
    }

    @Test
    void aMediaFileStoredUnderAnotherRecordingDeadLettersTheCall() {
        // The same mediaId came in through the RWS ingest path first, as a media file of another call.
        ObjectNode rws = io.callvault.core.GuideFixtures.callRecordingPost(0).put("id", callUuid + "OTHER");
        ((ObjectNode) rws.get("mediaFiles").get(0)).put("mediaId", IntakeTestSupport.mediaId(callUuid, 1));
        APIGatewayV2HTTPResponse r = new RecordingIngestHandler(RecordingIngestHandler.services(deps)).handleRequest(event(
                "POST /internal-api/contact-centers/{ccid}/recordings", Map.of("ccid", ccid), null, rws.toString(),
                IntakeTestSupport.mediaServer(ccid)), null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        postSegment(1);
        clock.advance(Duration.ofMinutes(10));
        assertThat(look()).isEqualTo(EnrichmentService.Outcome.DEAD_LETTERED);
        assertThat(item(IntakeKeys.STATE).get("lastError").s()).contains("another recording");
        assertThat(storedMediaIds()).isEmpty();
    }
}
