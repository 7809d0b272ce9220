package io.callvault.search;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.Ids;
import io.callvault.core.codec.MediaLinks;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.ApiRequest;
import io.callvault.core.http.Caller;
import io.callvault.core.http.HttpFunction;
import io.callvault.core.http.Permission;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.search.SearchRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Search (spec §2.4): {@code GET /api/v2/recordings} and {@code /api/v2/screen-recordings} in the caller's
 * own contact center under their access rule, and the ops forms under
 * {@code /api/v2/ops/contact-centers/{ccid}/...} (the muxer's and the repost script's), which see everything.
 */
public final class SearchHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final RecordingSearch search;

    public SearchHandler() {
        this(FunctionEnvironment.system());
    }

    public SearchHandler(FunctionEnvironment env) {
        this(new RecordingSearch(SearchCluster.connect(env)));
    }

    public SearchHandler(RecordingSearch search) {
        this.search = search;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request -> {
            try {
                return switch (request.routeKey()) {
                    case "GET /api/v2/recordings" -> user(request, RecordingKind.CALL);
                    case "GET /api/v2/screen-recordings" -> user(request, RecordingKind.SCREEN);
                    case "GET /api/v2/ops/contact-centers/{ccid}/recordings" -> ops(request, RecordingKind.CALL);
                    case "GET /api/v2/ops/contact-centers/{ccid}/screen-recordings" -> ops(request, RecordingKind.SCREEN);
                    default -> HttpFunction.notFoundRoute(request);
                };
            } catch (SearchUnavailableException e) {
                System.err.println("{\"level\":\"WARN\",\"message\":\"search unavailable\",\"error\":\""
                        + e.getMessage().replace('"', '\'') + "\"}");
                return HttpFunction.error(503, "search is unavailable right now; retry shortly", null);
            }
        });
    }

    private APIGatewayV2HTTPResponse user(ApiRequest request, RecordingKind kind) {
        Caller caller = request.caller();
        String ccid = caller.ownContactCenter();
        if (!caller.has(Permission.RECORDING_READ) && !caller.agent()) {
            throw ApiException.forbidden("this needs the " + Permission.RECORDING_READ + " permission");
        }
        return page(request, kind, ccid, caller, "/" + kind.collection());
    }

    private APIGatewayV2HTTPResponse ops(ApiRequest request, RecordingKind kind) {
        Caller caller = request.caller();
        caller.require(Permission.OPS);
        String ccid = Ids.contactCenterId("ccid", request.pathParameter("ccid"));
        Caller everything = new Caller(ccid, caller.username(), caller.permissions(), List.of("/"), false);
        return page(request, kind, ccid, everything, "/ops/contact-centers/" + ccid + "/" + kind.collection());
    }

    private APIGatewayV2HTTPResponse page(ApiRequest request, RecordingKind kind, String ccid, Caller caller, String path) {
        Map<String, String> query = new HashMap<>(request.queryParameters());
        SearchRequest parsed = SearchRequest.parse(kind, query);
        query.remove("cursor");
        String base = request.apiBase() == null ? "/api/v2" : request.apiBase();
        return HttpFunction.ok(search.page(ccid, caller, parsed, query, base + path, new MediaLinks(request.apiBase())));
    }
}
