package io.callvault.api.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.callvault.api.ApiDependencies;
import io.callvault.core.ApiEvents;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.http.Caller;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.metrics.Metrics;
import io.callvault.core.model.RecordingKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queue consumer: a batch with several calls, duplicate messages and an unreadable one. */
class EnrichmentHandlerTest {
    static final FunctionEnvironment ENV = ApiEvents.env(EnrichmentHandler.class);

    static SQSEvent.SQSMessage message(String id, String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setBody(body);
        return m;
    }

    @Test
    void aBatchStoresEachOfItsCallsOnceAndDropsWhatNamesNoCall() {
        String ccid = IntakeTestSupport.newContactCenter("enrich-batch-");
        IntakeDependencies deps = new IntakeDependencies(ENV, Clock.systemUTC());
        RawIntake intake = new RawIntake(deps.ledger(), deps.contactCenters(), deps.enrichQueue(), new Metrics(Clock.systemUTC()),
                Clock.systemUTC());
        Caller mcp = Caller.fromClaims(IntakeTestSupport.mediaServer(ccid));
        List<String> calls = new ArrayList<>();
        List<SQSEvent.SQSMessage> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String call = IntakeTestSupport.newCallUuid();
            calls.add(call);
            var post = IntakeTestSupport.rawPost(call, IntakeTestSupport.mediaId(call, 1));
            intake.post(mcp, ccid, post::toString);
            String body = new IntakeMessage(ccid, call).toJson();
            batch.add(message("m" + i + "a", body));
            batch.add(message("m" + i + "b", body)); // a duplicate of the same call in the same batch
        }
        batch.add(message("junk", "{\"not\":\"a call\"}"));
        SQSEvent event = new SQSEvent();
        event.setRecords(batch);

        SQSBatchResponse response = new EnrichmentHandler(ENV).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        var recordings = new ApiDependencies(ENV, Clock.systemUTC()).recordings();
        // The guide's call ended in 2015: past any threshold, so each is stored at its first look.
        assertThat(calls).allSatisfy(call -> assertThat(recordings.find(ccid, RecordingKind.CALL, call)).isPresent());
    }
}
