package io.callvault.api.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.core.MovableClock;
import io.callvault.core.intake.IntakeKeys;
import io.callvault.core.intake.IntakeMessage;
import io.callvault.core.intake.IntakeQueue;
import io.callvault.standins.StandInStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The sweeper on DynamoDB Local and ElasticMQ, with a clock the test moves: what waits longer than an SQS delay is
 * sent once it comes within 15 minutes, once; what is overdue (its message lost) is sent again, once per grace
 * period; finished items (no due entry) are never sent.
 */
class IntakeSweeperTest {
    static final StandInStack STACK = StandInStack.shared();
    static final String TABLE = STACK.resourceName("IntakeTable");
    // Far from the other tests' real-time items and from each other test's window: each test starts a day later.
    static Instant base = Instant.parse("2101-01-01T00:00:00Z");

    MovableClock clock;
    String enrichUrl;
    String notifyUrl;
    IntakeSweeper sweeper;
    String ccid;

    @BeforeEach
    void setUp() {
        synchronized (IntakeSweeperTest.class) {
            base = base.plus(Duration.ofDays(1));
            clock = new MovableClock(base);
        }
        enrichUrl = STACK.sqs().createQueue(b -> b.queueName("sweep-enrich-" + UUID.randomUUID())).queueUrl();
        notifyUrl = STACK.sqs().createQueue(b -> b.queueName("sweep-notify-" + UUID.randomUUID())).queueUrl();
        sweeper = new IntakeSweeper(STACK.dynamo(), TABLE, new IntakeQueue(STACK.sqs(), enrichUrl),
                new IntakeQueue(STACK.sqs(), notifyUrl), clock);
        ccid = "sweep-" + UUID.randomUUID().toString().substring(0, 8);
        sweeper.sweep(); // a sweeper that has been running: its watermarks are at now + 15 minutes
        receive(enrichUrl);
        receive(notifyUrl);
    }

    void item(String callUuid, String sk, Instant dueAt) {
        String pk = IntakeKeys.call(ccid, callUuid);
        Map<String, AttributeValue> item = new HashMap<>(IntakeKeys.due(pk, sk, dueAt));
        item.put(IntakeKeys.PK, AttributeValue.fromS(pk));
        item.put(IntakeKeys.SK, AttributeValue.fromS(sk));
        item.put("status", AttributeValue.fromS("PENDING"));
        STACK.dynamo().putItem(b -> b.tableName(TABLE).item(item));
    }

    void done(String callUuid, String sk) {
        STACK.dynamo().updateItem(b -> b.tableName(TABLE).key(Map.of(IntakeKeys.PK, AttributeValue.fromS(IntakeKeys.call(ccid, callUuid)),
                IntakeKeys.SK, AttributeValue.fromS(sk))).updateExpression("REMOVE duePK, dueSK"));
    }

    /** Messages of this test's contact center visible now (other tests' items may be swept into these queues too). */
    List<IntakeMessage> receive(String url) {
        List<IntakeMessage> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (Message m : STACK.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)).messages()) {
                IntakeMessage message = IntakeMessage.parse(m.body());
                if (message.ccid().equals(ccid)) {
                    out.add(message);
                }
                STACK.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
        return out;
    }

    int delayed(String url) {
        return Integer.parseInt(STACK.sqs().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    @Test
    void workDueLaterThanAnSqsDelayIsSentOnceWhenItComesWithinFifteenMinutes() {
        Instant now = clock.instant();
        item("later", IntakeKeys.STATE, now.plus(Duration.ofHours(3)));
        item("soon", IntakeKeys.NOTIFY, now.plus(Duration.ofMinutes(14))); // its writer sent it with a 14-minute delay

        sweeper.sweep();
        assertThat(delayed(notifyUrl) + delayed(enrichUrl)).as("nothing new within reach").isZero();

        clock.advance(Duration.ofHours(2).plusMinutes(45).plusSeconds(1));
        IntakeSweeper.Result reached = sweeper.sweep();
        assertThat(reached.sentInWindow()).isEqualTo(1);
        assertThat(delayed(enrichUrl)).as("three hours out, sent at 2 h 45 with its remaining delay").isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        sweeper.sweep();
        assertThat(delayed(enrichUrl)).as("once").isEqualTo(1);
        assertThat(delayed(notifyUrl)).isZero();
    }

    @Test
    void anOverdueItemIsSentAgainOncePerGracePeriodAndAFinishedOneNever() {
        Instant now = clock.instant();
        item("lost", IntakeKeys.STATE, now.minus(Duration.ofMinutes(30)));
        item("finished", IntakeKeys.STATE, now.minus(Duration.ofMinutes(30)));
        done("finished", IntakeKeys.STATE);
        item("in-flight", IntakeKeys.NOTIFY, now.minus(Duration.ofMinutes(2)));

        sweeper.sweep();
        assertThat(receive(enrichUrl)).containsExactly(new IntakeMessage(ccid, "lost"));
        assertThat(receive(notifyUrl)).as("due two minutes ago: its message may still be handled").isEmpty();

        sweeper.sweep();
        assertThat(receive(enrichUrl)).as("not again within the grace period").isEmpty();

        clock.advance(IntakeSweeper.OVERDUE_GRACE.plusSeconds(1));
        sweeper.sweep();
        assertThat(receive(enrichUrl)).containsExactly(new IntakeMessage(ccid, "lost"));
        assertThat(receive(notifyUrl)).as("now overdue too").containsExactly(new IntakeMessage(ccid, "in-flight"));
    }

    @Test
    void aDueEntryMovedByItsWorkerIsNotSentForItsOldTime() {
        Instant now = clock.instant();
        item("moved", IntakeKeys.STATE, now.minus(Duration.ofMinutes(30)));
        item("moved", IntakeKeys.STATE, now.plus(Duration.ofHours(1))); // the worker rescheduled it
        sweeper.sweep();
        assertThat(receive(enrichUrl)).isEmpty();
        assertThat(delayed(enrichUrl)).isZero();
    }
}
