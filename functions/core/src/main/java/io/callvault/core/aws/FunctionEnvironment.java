package io.callvault.core.aws;

import java.util.Map;
import java.util.Optional;

/**
 * A function's environment variables. In Lambda it is the process environment; the local runtime and
 * tests pass the variables the template gives each function, pointed at the stand-ins.
 */
public final class FunctionEnvironment {
    private final Map<String, String> variables;

    public FunctionEnvironment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static FunctionEnvironment system() {
        return new FunctionEnvironment(System.getenv());
    }

    public Optional<String> get(String name) {
        String v = variables.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    public String require(String name) {
        return get(name).orElseThrow(() -> new IllegalStateException(
                "environment variable " + name + " is not set; template.yaml gives it to every function that needs it"));
    }
}
