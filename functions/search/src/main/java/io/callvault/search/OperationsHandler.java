package io.callvault.search;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.core.codec.Excerpt;
import io.callvault.core.codec.Ids;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.http.ApiException;
import io.callvault.core.http.ApiRequest;
import io.callvault.core.http.Caller;
import io.callvault.core.http.HttpFunction;
import io.callvault.core.http.Permission;
import io.callvault.core.json.Json;
import io.callvault.core.model.RecordingKind;
import io.callvault.core.store.ContactCenterStore;
import io.callvault.core.store.Tables;
import io.callvault.core.time.GuideTime;
import java.time.Clock;
import java.time.Instant;

/**
 * The guide's operation endpoints for recordings (spec §1.1 #5-#7): {@code POST /api/v2/ops/contact-centers/{ccid}/recordings}
 * and {@code .../screen-recordings} with {@code operationName} {@code forceIndex} (re-index a window from the table:
 * answered at once with 202 and the operation to follow) or {@code createCRCF} (nothing to create here), and
 * {@code GET .../operations/{operationId}}, the progress of a forceIndex. Needs {@code OPS}.
 */
public final class OperationsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String FORCE_INDEX = ReindexJobs.OPERATION;
    static final String CREATE_CRCF = "createCRCF";
    private final ReindexJobs jobs;
    private final ContactCenterStore contactCenters;
    private final Clock clock;

    public OperationsHandler() {
        this(FunctionEnvironment.system());
    }

    public OperationsHandler(FunctionEnvironment env) {
        this(new ReindexJobs(AwsClients.dynamoDb(env), Tables.from(env).recordings(), Clock.systemUTC()),
                new ContactCenterStore(AwsClients.dynamoDb(env), Tables.from(env).control(), Clock.systemUTC()),
                Clock.systemUTC());
    }

    public OperationsHandler(ReindexJobs jobs, ContactCenterStore contactCenters, Clock clock) {
        this.jobs = jobs;
        this.contactCenters = contactCenters;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request -> {
            Caller caller = request.caller();
            caller.require(Permission.OPS);
            return switch (request.routeKey()) {
                case "POST /api/v2/ops/contact-centers/{ccid}/recordings" -> operation(request, caller, RecordingKind.CALL);
                case "POST /api/v2/ops/contact-centers/{ccid}/screen-recordings" -> operation(request, caller, RecordingKind.SCREEN);
                case "GET /api/v2/ops/contact-centers/{ccid}/operations/{operationId}" -> progress(request);
                default -> HttpFunction.notFoundRoute(request);
            };
        });
    }

    private APIGatewayV2HTTPResponse operation(ApiRequest request, Caller caller, RecordingKind kind) {
        String ccid = existingContactCenter(request);
        JsonNode body = request.jsonBody();
        if (!body.isObject()) {
            throw new InvalidFieldException("body", "must be a JSON object with operationName, got "
                    + Excerpt.describe(body));
        }
        JsonNode name = body.get("operationName");
        if (name == null || name.isNull()) {
            throw new InvalidFieldException("operationName", "is required: " + FORCE_INDEX + " or " + CREATE_CRCF);
        }
        if (!name.isTextual() || !(name.textValue().equals(FORCE_INDEX) || name.textValue().equals(CREATE_CRCF))) {
            throw new InvalidFieldException("operationName", "must be " + FORCE_INDEX + " or " + CREATE_CRCF + ", got "
                    + Excerpt.describe(name));
        }
        if (name.textValue().equals(CREATE_CRCF)) {
            return HttpFunction.ok(Json.object().put("operationName", CREATE_CRCF).put("message",
                    "nothing to create: callvault keeps the " + kind.collection() + " of every contact center in the one "
                            + "recordings table the stack creates, so there is no per-contact-center column family"));
        }
        ForceIndexRequest window = ForceIndexRequest.parse(body, clock.millis());
        ReindexJobs.Started started = jobs.start(ccid, kind, window, caller.username());
        ReindexJob job = started.job();
        String path = "/ops/contact-centers/" + ccid + "/operations/" + job.id();
        String base = request.apiBase() == null ? "/api/v2" : request.apiBase();
        ObjectNode out = Json.object().put("operationId", job.id()).put("statusUri", base + path);
        out.putArray("paths").add(path);
        out.put("existing", started.existing());
        if (started.nudged()) {
            out.put("nudged", true);
        }
        out.set("operation", view(job));
        return HttpFunction.ok(202, out);
    }

    private APIGatewayV2HTTPResponse progress(ApiRequest request) {
        String ccid = Ids.contactCenterId("ccid", request.pathParameter("ccid"));
        String id = request.pathParameter("operationId");
        if (!ReindexJobs.isJobId(id)) {
            throw new InvalidFieldException("operationId", "must be an operation id as a POST returned it (a lower-case UUID), got "
                    + Excerpt.of(id));
        }
        ReindexJob job = jobs.find(ccid, id)
                .orElseThrow(() -> ApiException.notFound("no operation " + id + " in contact center " + ccid));
        ObjectNode out = Json.object().put("operationId", id);
        out.set("operation", view(job));
        return HttpFunction.ok(out);
    }

    private String existingContactCenter(ApiRequest request) {
        String ccid = Ids.contactCenterId("ccid", request.pathParameter("ccid"));
        if (contactCenters.find(ccid).isEmpty()) {
            throw ApiException.notFound("no contact center " + ccid);
        }
        return ccid;
    }

    /** A job as the API shows it: window, status, where it is, what it did. */
    static ObjectNode view(ReindexJob job) {
        ObjectNode v = Json.object()
                .put("operationId", job.id())
                .put("operationName", FORCE_INDEX)
                .put("type", job.kind().collection())
                .put("status", job.status().name())
                .put("from", job.from())
                .put("to", job.to())
                .put("fromTime", GuideTime.format(Instant.ofEpochMilli(job.from())))
                .put("toTime", GuideTime.format(Instant.ofEpochMilli(job.to())))
                .put("purgeOld", job.purgeOld())
                .put("page", job.page());
        if (job.status() == ReindexJob.Status.RUNNING) {
            v.put("day", job.day().toString());
        }
        v.put("daysDone", job.daysDone()).put("daysTotal", job.daysTotal()).put("percentDone", job.percentDone());
        ReindexJob.Counts c = job.counts();
        v.putObject("counts").put("scanned", c.scanned()).put("matched", c.matched()).put("indexed", c.indexed())
                .put("deleted", c.deleted()).put("rejected", c.rejected());
        if (job.retry() != null) {
            ObjectNode r = v.putObject("retries").put("failedAttempts", job.retry().failedAttempts())
                    .put("lastErrorPage", job.retry().page());
            if (job.retry().lastError() != null) {
                r.put("lastError", job.retry().lastError());
            }
            if (job.retry().lastErrorAt() != null) {
                r.put("lastErrorAt", GuideTime.format(job.retry().lastErrorAt()));
            }
        }
        if (job.requestedBy() != null) {
            v.put("requestedBy", job.requestedBy());
        }
        time(v, "startedAt", job.startedAt());
        time(v, "updatedAt", job.updatedAt());
        time(v, "purgedAt", job.purgedAt());
        time(v, "finishedAt", job.finishedAt());
        if (job.error() != null) {
            v.put("error", job.error());
        }
        return v;
    }

    private static void time(ObjectNode v, String name, Instant t) {
        if (t != null) {
            v.put(name, GuideTime.format(t));
        }
    }
}
