package io.callvault.lifecycle.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.callvault.core.lifecycle.LifecycleRuleCodec;
import io.callvault.core.settings.SettingLocations;
import io.callvault.core.store.ContactCenterStore;
import io.callvault.core.time.GuideTime;
import io.callvault.lifecycle.LifecycleDependencies;
import io.callvault.lifecycle.RunLauncher;
import io.callvault.lifecycle.RunReports;
import io.callvault.lifecycle.run.LifecycleRuns;
import io.callvault.lifecycle.run.RunIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Set;

/**
 * The runs API (needs {@code OPS}):
 * <ul>
 *   <li>{@code POST /api/v2/ops/contact-centers/{ccid}/lifecycle-rules/{name}/runs}: runs the rule now, or for the
 *       {@code scheduledTime} given (its age windows are measured from it); 202 with the run id. The same rule and time
 *       again gives the same run (200, {@code existing}); a run of that time that failed is resumed from where it
 *       stopped (202, {@code resumed}). Optional body {@code {"scheduledTime": ISO-8601 or epoch ms, "location": node
 *       path}}; the location defaults to this stack's node path.</li>
 *   <li>{@code GET .../runs/{runId}}: the run's progress, counts, failures and status.</li>
 * </ul>
 */
public final class LifecycleRunsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final Duration MAX_AGE_OF_SCHEDULED_TIME = Duration.ofDays(400);
    private static final Set<String> BODY_FIELDS = Set.of("scheduledTime", "location");

    private final RunLauncher launcher;
    private final LifecycleRuns runs;
    private final ContactCenterStore contactCenters;
    private final String nodePath;
    private final Clock clock;

    /** The Lambda runtime's constructor. */
    public LifecycleRunsHandler() {
        this(FunctionEnvironment.system());
    }

    public LifecycleRunsHandler(FunctionEnvironment env) {
        this(new LifecycleDependencies(env, Clock.systemUTC()));
    }

    private LifecycleRunsHandler(LifecycleDependencies deps) {
        this(deps.launcher(), deps.runs(), deps.contactCenters(), deps.nodePath(), deps.clock());
    }

    public LifecycleRunsHandler(RunLauncher launcher, LifecycleRuns runs, ContactCenterStore contactCenters,
                                String nodePath, Clock clock) {
        this.launcher = launcher;
        this.runs = runs;
        this.contactCenters = contactCenters;
        this.nodePath = nodePath;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpFunction.serve(event, request -> {
            Caller caller = request.caller();
            caller.require(Permission.OPS);
            return switch (request.routeKey()) {
                case "POST /api/v2/ops/contact-centers/{ccid}/lifecycle-rules/{name}/runs" -> run(request, caller);
                case "GET /api/v2/ops/contact-centers/{ccid}/lifecycle-rules/{name}/runs/{runId}" -> progress(request);
                default -> HttpFunction.notFoundRoute(request);
            };
        });
    }

    private APIGatewayV2HTTPResponse run(ApiRequest request, Caller caller) {
        String ccid = existingContactCenter(request);
        String name = ruleName(request);
        JsonNode body = request.optionalJsonBody();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant scheduled = now;
        String location = nodePath;
        if (body != null) {
            if (!body.isObject()) {
                throw new InvalidFieldException("body", "must be a JSON object with optional scheduledTime and location, got "
                        + Excerpt.describe(body));
            }
            for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                if (!BODY_FIELDS.contains(field)) {
                    throw new InvalidFieldException(field.length() > 60 ? "body" : field,
                            "is not a field of a run request; the fields are scheduledTime and location");
                }
            }
            if (body.hasNonNull("scheduledTime")) {
                scheduled = scheduledTime(body.get("scheduledTime"), now);
            }
            if (body.hasNonNull("location")) {
                if (!body.get("location").isTextual()) {
                    throw new InvalidFieldException("location", "must be a node path such as /US/CA, got "
                            + Excerpt.describe(body.get("location")));
                }
                location = SettingLocations.check("location", body.get("location").textValue());
            }
        }
        RunLauncher.Launch launch;
        try {
            launch = launcher.launch(ccid, location, name, scheduled, RunLauncher.TRIGGER_API, caller.actor());
        } catch (RunLauncher.RuleNotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        }
        String path = "/ops/contact-centers/" + ccid + "/lifecycle-rules/" + name + "/runs/" + launch.runId();
        String base = request.apiBase() == null ? "/api/v2" : request.apiBase();
        ObjectNode out = Json.object().put("runId", launch.runId()).put("statusUri", base + path)
                .put("outcome", launch.outcome().name())
                .put("existing", launch.outcome() == RunLauncher.Outcome.EXISTING)
                .put("resumed", launch.outcome() == RunLauncher.Outcome.RESUMED);
        launch.run().ifPresent(run -> out.set("run", RunReports.view(run)));
        return HttpFunction.ok(launch.outcome() == RunLauncher.Outcome.EXISTING ? 200 : 202, out);
    }

    private APIGatewayV2HTTPResponse progress(ApiRequest request) {
        String ccid = Ids.contactCenterId("ccid", request.pathParameter("ccid"));
        String name = ruleName(request);
        String runId = request.pathParameter("runId");
        if (!RunIds.isRunId(runId)) {
            throw new InvalidFieldException("runId", "must be a run id as a POST returned it (20261122T020000Z-<16 hex>), got "
                    + Excerpt.of(runId == null ? "" : runId));
        }
        LifecycleRuns.Run run = runs.find(ccid, runId).filter(r -> r.ruleName().equals(name))
                .orElseThrow(() -> ApiException.notFound("no run " + runId + " of lifecycle rule " + name
                        + " in contact center " + ccid));
        return HttpFunction.ok(Json.object().put("runId", runId).set("run", RunReports.view(run)));
    }

    private String existingContactCenter(ApiRequest request) {
        String ccid = Ids.contactCenterId("ccid", request.pathParameter("ccid"));
        if (contactCenters.find(ccid).isEmpty()) {
            throw ApiException.notFound("no contact center " + ccid);
        }
        return ccid;
    }

    private static String ruleName(ApiRequest request) {
        return LifecycleRuleCodec.checkName("name", request.pathParameter("name"));
    }

    /** An ISO-8601 instant or epoch milliseconds, at most a minute ahead and at most 400 days back, to the second. */
    private static Instant scheduledTime(JsonNode v, Instant now) {
        Instant t;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            t = Instant.ofEpochMilli(v.longValue());
        } else if (v.isTextual()) {
            t = GuideTime.parse(v.textValue()).orElseThrow(() -> new InvalidFieldException("scheduledTime",
                    "must be an ISO-8601 time such as 2026-11-22T02:00:00Z, or epoch milliseconds, got "
                            + Excerpt.of(v.textValue())));
        } else {
            throw new InvalidFieldException("scheduledTime", "must be an ISO-8601 time or epoch milliseconds, got "
                    + Excerpt.describe(v));
        }
        if (t.isAfter(now.plusSeconds(60))) {
            throw new InvalidFieldException("scheduledTime", "is in the future; a run is for now or a time that has passed");
        }
        if (t.isBefore(now.minus(MAX_AGE_OF_SCHEDULED_TIME))) {
            throw new InvalidFieldException("scheduledTime", "is more than 400 days ago");
        }
        return t.truncatedTo(ChronoUnit.SECONDS);
    }
}
