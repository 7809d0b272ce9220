package io.callvault.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.callvault.core.aws.FunctionEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * A minimal stream-to-OpenSearch function, the shape an indexer has: one bulk request per batch, items that
 * OpenSearch refuses reported as batch item failures, a transport failure thrown so the batch is retried.
 */
public final class SearchIndexingHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    static final String INDEX = "docs";
    private final OpenSearchClient client;

    public SearchIndexingHandler(FunctionEnvironment env) {
        URI endpoint = URI.create(env.require("OPENSEARCH_ENDPOINT"));
        client = new OpenSearchClient(ApacheHttpClient5TransportBuilder.builder(
                new HttpHost(endpoint.getScheme(), endpoint.getHost(), endpoint.getPort()))
                .setMapper(new JacksonJsonpMapper()).build());
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<BulkOperation> operations = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
            String id = r.getDynamodb().getKeys().get("PK").getS();
            if ("REMOVE".equals(r.getEventName())) {
                operations.add(BulkOperation.of(o -> o.delete(d -> d.index(INDEX).id(id))));
            } else {
                Map<String, Object> doc = Map.of("text", r.getDynamodb().getNewImage().get("text").getS());
                operations.add(BulkOperation.of(o -> o.index(i -> i.index(INDEX).id(id).document(doc))));
            }
        }
        BulkResponse response;
        try {
            response = client.bulk(b -> b.operations(operations));
        } catch (IOException e) {
            throw new UncheckedIOException("OpenSearch unreachable", e);
        }
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < response.items().size(); i++) {
            if (response.items().get(i).error() != null) {
                failures.add(new StreamsEventResponse.BatchItemFailure(event.getRecords().get(i).getDynamodb().getSequenceNumber()));
            }
        }
        return new StreamsEventResponse(failures);
    }
}
