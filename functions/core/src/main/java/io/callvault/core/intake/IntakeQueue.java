package io.callvault.core.intake;

import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends {@link IntakeMessage}s to one queue with a delay. SQS delays a message by at most 15 minutes; a longer
 * wait is the due index's business (the sweeper sends the message when the item comes within reach), so
 * {@link #sendWithin} sends only what is due within that window.
 */
public final class IntakeQueue {
    /** SQS's maximum {@code DelaySeconds}. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private final SqsClient sqs;
    private final String queueUrl;

    public IntakeQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Sends now, to be received after {@code delay} (negative means now; more than 15 minutes is refused). */
    public void send(IntakeMessage message, Duration delay) {
        long seconds = delay.isNegative() ? 0 : (delay.toMillis() + 999) / 1000;
        if (seconds > MAX_DELAY.toSeconds()) {
            throw new IllegalArgumentException("SQS cannot delay a message by " + delay + "; leave it to the sweeper");
        }
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(message.toJson()).delaySeconds((int) seconds));
    }

    /**
     * Sends the message if it is due within {@link #MAX_DELAY}, delayed until then.
     *
     * @return false when it is due later (the sweeper will send it)
     */
    public boolean sendWithin(IntakeMessage message, Duration untilDue) {
        if (untilDue.compareTo(MAX_DELAY) > 0) {
            return false;
        }
        send(message, untilDue);
        return true;
    }

    public String url() {
        return queueUrl;
    }
}
