package io.callvault.mux.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.mux.MuxDependencies;
import io.callvault.mux.MuxSweeper;
import java.time.Clock;
import java.time.Duration;

/** The mux sweeper on its schedule ({@link MuxSweeper}); {@code MUX_SWEEP_HOURS} is its window (default 24). */
public final class MuxSweepHandler implements RequestHandler<ScheduledEvent, String> {
    private final MuxSweeper sweeper;

    /** The Lambda runtime's constructor. */
    public MuxSweepHandler() {
        this(FunctionEnvironment.system());
    }

    public MuxSweepHandler(FunctionEnvironment env) {
        this(new MuxDependencies(env, Clock.systemUTC()));
    }

    private MuxSweepHandler(MuxDependencies deps) {
        this(new MuxSweeper(deps.dynamo(), deps.env().require("RECORDINGS_TABLE"), deps.contactCenters(), deps.starter(),
                deps.clock(), Duration.ofHours(Long.parseLong(deps.env().get("MUX_SWEEP_HOURS").orElse("24")))));
    }

    public MuxSweepHandler(MuxSweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        MuxSweeper.Report report = sweeper.sweep();
        String line = "{\"event\":\"mux-sweep\",\"screensSeen\":" + report.screensSeen() + ",\"started\":" + report.started() + "}";
        System.out.println(line);
        return line;
    }
}
