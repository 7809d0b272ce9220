package io.callvault.core.store;

import io.callvault.core.aws.FunctionEnvironment;

/** Physical table names, from the environment template.yaml sets. */
public record Tables(String recordings, String control, String audit) {
    public static Tables from(FunctionEnvironment env) {
        return new Tables(env.require("RECORDINGS_TABLE"), env.require("CONTROL_TABLE"), env.require("AUDIT_TABLE"));
    }
}
