package io.callvault.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.aws.AwsSdk2Transport;
import org.opensearch.client.transport.aws.AwsSdk2TransportOptions;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The OpenSearch cluster, spoken to in JSON through opensearch-java's generic client. In AWS the endpoint is
 * {@code https://} and requests are SigV4-signed for the domain ({@link AwsSdk2Transport} over the same
 * URLConnection client the SDK clients use); the local stand-in is plain {@code http://} without security.
 * Callers get the parsed body of a 2xx answer, {@link SearchUnavailableException} when the cluster cannot
 * take the request now (unreachable, 429, 5xx: retry later), and {@link SearchRequestException} when it
 * refused the request itself.
 */
public final class SearchCluster implements AutoCloseable {
    public static final String ENDPOINT_VARIABLE = "OPENSEARCH_ENDPOINT";
    private final OpenSearchTransport transport;
    private final OpenSearchGenericClient client;

    public SearchCluster(OpenSearchTransport transport) {
        this.transport = transport;
        this.client = new OpenSearchGenericClient(transport);
    }

    public static SearchCluster connect(FunctionEnvironment env) {
        URI endpoint = URI.create(env.require(ENDPOINT_VARIABLE));
        if ("https".equals(endpoint.getScheme())) {
            return new SearchCluster(new AwsSdk2Transport(UrlConnectionHttpClient.builder()
                    .connectionTimeout(java.time.Duration.ofSeconds(2))
                    .socketTimeout(java.time.Duration.ofSeconds(25)).build(),
                    endpoint.getHost(), "es", AwsClients.region(env), AwsSdk2TransportOptions.builder()
                    .setCredentials(AwsClients.credentials(env)).setMapper(new JacksonJsonpMapper(Json.MAPPER)).build()));
        }
        if (!"http".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException(ENDPOINT_VARIABLE + " must be an http(s) URL, got " + endpoint);
        }
        return new SearchCluster(ApacheHttpClient5TransportBuilder
                .builder(new HttpHost(endpoint.getScheme(), endpoint.getHost(), endpoint.getPort()))
                .setMapper(new JacksonJsonpMapper(Json.MAPPER))
                .setRequestConfigCallback(c -> c.setConnectTimeout(Timeout.of(2, TimeUnit.SECONDS))
                        .setResponseTimeout(Timeout.of(25, TimeUnit.SECONDS)))
                .build());
    }

    public JsonNode get(String path, Map<String, String> params) {
        return send("GET", path, params, null, null);
    }

    public JsonNode put(String path, JsonNode body) {
        return send("PUT", path, Map.of(), "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    public JsonNode post(String path, Map<String, String> params, JsonNode body) {
        return send("POST", path, params, "application/json",
                body == null ? null : Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    public JsonNode delete(String path, JsonNode body) {
        return send("DELETE", path, Map.of(), "application/json",
                body == null ? null : Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code _bulk} request: newline-delimited JSON, each line already serialised. */
    public JsonNode bulk(String ndjson, Map<String, String> params) {
        return send("POST", "/_bulk", params, "application/x-ndjson", ndjson.getBytes(StandardCharsets.UTF_8));
    }

    JsonNode send(String method, String path, Map<String, String> params, String contentType, byte[] body) {
        var request = Requests.builder().method(method).endpoint(path).query(params);
        if (body != null) {
            request.body(Body.from(body, contentType));
        }
        try (Response response = client.execute(request.build())) {
            int status = response.getStatus();
            byte[] bytes = response.getBody().map(Body::bodyAsBytes).orElse(new byte[0]);
            JsonNode json = bytes.length == 0 ? Json.object() : Json.MAPPER.readTree(bytes);
            if (status >= 200 && status < 300) {
                return json;
            }
            if (status == 429 || status >= 500) {
                throw new SearchUnavailableException("OpenSearch answered " + status + " to " + method + " " + path
                        + ": " + reason(json), null, status);
            }
            throw new SearchRequestException(status, json.path("error").path("type").asText(""), reason(json));
        } catch (org.opensearch.client.transport.httpclient5.ResponseException e) {
            // The httpclient5 transport answers 429 and 5xx (statuses it would retry on another node) with an exception.
            throw new SearchUnavailableException("OpenSearch answered " + e.status() + " to " + method + " " + path, e,
                    e.status());
        } catch (IOException e) {
            throw new SearchUnavailableException("OpenSearch unreachable for " + method + " " + path + ": " + e, e);
        } catch (UncheckedIOException e) {
            throw new SearchUnavailableException("OpenSearch unreachable for " + method + " " + path + ": " + e, e);
        }
    }

    private static String reason(JsonNode json) {
        JsonNode error = json.path("error");
        if (error.isObject()) {
            return error.path("type").asText("") + ": " + error.path("reason").asText("");
        }
        return error.isMissingNode() ? Json.write(json) : error.asText();
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
