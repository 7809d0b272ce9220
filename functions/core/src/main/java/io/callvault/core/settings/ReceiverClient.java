package io.callvault.core.settings;

import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.InvalidFieldException;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * POSTs a recording to a tenant's analytics receiver (the guide's SpeechMiner Interaction Receiver) with the JDK's
 * HTTP client: {@code Authorization: Basic} from the receiver's credentials, a JSON body, no redirects followed, no
 * proxy, TLS certificates validated by the JVM's trust store.
 *
 * <p><b>Where it connects.</b> Before each POST the receiver URL is checked again ({@link ReceiverUrls#check}) and its
 * host resolved with {@link ReceiverUrls#resolve}, which refuses a name resolving to a metadata, link-local or
 * (outside the local runtime) loopback address. The JDK client then resolves the name itself; it gets the addresses
 * just checked from the JVM's address cache ({@code networkaddress.cache.ttl}, 30 s by default), and a redirect,
 * which could point anywhere, is never followed.
 *
 * <p><b>Outcomes.</b> 2xx: delivered. 408, 425, 429, 5xx, a timeout, a refused or broken connection, a name that does
 * not resolve: retryable. Any other answer (other 4xx, 3xx) and a URL callvault may not call: permanent. Neither the
 * credentials nor the body ever appear in an outcome; the receiver's response body is not read.
 */
public final class ReceiverClient {
    /** The guide's RPS {@code [client] http_timeout} is 20 s (spec intake.md §3.2); connecting gets 5 s of it. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final ReceiverUrls urls;
    private final HttpClient http;
    private final Duration requestTimeout;

    public ReceiverClient(ReceiverUrls urls, Duration connectTimeout, Duration requestTimeout) {
        this.urls = urls;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
    }

    /** With the default timeouts; loopback receivers only where {@code RECEIVER_ALLOW_LOOPBACK=true} (local runtime). */
    public static ReceiverClient from(FunctionEnvironment env) {
        return new ReceiverClient(ReceiverUrls.from(env), CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    }

    public enum Kind { DELIVERED, RETRYABLE, PERMANENT }

    /**
     * @param statusCode the receiver's HTTP status, or null when it gave none
     * @param detail     what happened, for logs and {@code lastError}: no credentials, no body
     */
    public record Outcome(Kind kind, Integer statusCode, String detail) {}

    /** POSTs {@code json} to the receiver's {@code uri-prefix}. Never throws for a network or receiver failure. */
    public Outcome post(InteractionReceiver receiver, String json) {
        URI uri;
        try {
            uri = urls.check("uri-prefix", receiver.uriPrefix().toString());
            urls.resolve(uri);
        } catch (InvalidFieldException e) {
            return new Outcome(Kind.PERMANENT, null, "the receiver URL is refused: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return new Outcome(Kind.PERMANENT, null, e.getMessage());
        } catch (UnknownHostException e) {
            return new Outcome(Kind.RETRYABLE, null, "the receiver host " + receiver.uriPrefix().getHost() + " does not resolve");
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Authorization", receiver.basicAuthorization())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .header("User-Agent", "callvault-analytics-notifier")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return classify(status);
        } catch (HttpConnectTimeoutException e) {
            return new Outcome(Kind.RETRYABLE, null, "connecting to the receiver timed out");
        } catch (HttpTimeoutException e) {
            return new Outcome(Kind.RETRYABLE, null, "the receiver did not answer within "
                    + (requestTimeout.toMillis() % 1000 == 0 ? requestTimeout.toSeconds() + " s" : requestTimeout.toMillis() + " ms"));
        } catch (IOException e) {
            return new Outcome(Kind.RETRYABLE, null, "connection to the receiver failed (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Kind.RETRYABLE, null, "interrupted while posting");
        }
    }

    /** What an HTTP status means for the notification. */
    public static Outcome classify(int status) {
        if (status >= 200 && status < 300) {
            return new Outcome(Kind.DELIVERED, status, "HTTP " + status);
        }
        if (status == 408 || status == 425 || status == 429 || status >= 500 && status < 600) {
            return new Outcome(Kind.RETRYABLE, status, "the receiver answered HTTP " + status);
        }
        return new Outcome(Kind.PERMANENT, status, "the receiver refused the recording with HTTP " + status
                + (status >= 300 && status < 400 ? " (a redirect; callvault does not follow redirects)" : ""));
    }
}
