package io.callvault.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.standins.SamTemplate;
import io.callvault.standins.StandInStack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Hosts the template's functions in this JVM: the same handler classes that deploy, each built once with
 * its template environment (pointed at the stand-ins), and every event and result passed through the
 * Lambda runtime's own serializers, as the real runtime would.
 */
public final class FunctionHost {
    private static final ClassLoader LOADER = FunctionHost.class.getClassLoader();
    private final Map<String, RequestHandler<Object, Object>> handlers = new LinkedHashMap<>();
    private final Map<String, SamTemplate.Function> definitions = new LinkedHashMap<>();

    public FunctionHost(StandInStack stack) {
        for (SamTemplate.Function f : stack.template().functions()) {
            handlers.put(f.logicalId(), instantiate(f.handlerClass(), new FunctionEnvironment(stack.environmentOf(f))));
            definitions.put(f.logicalId(), f);
        }
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<Object, Object> instantiate(String className, FunctionEnvironment env) {
        try {
            Class<?> type = Class.forName(className);
            return (RequestHandler<Object, Object>) type.getConstructor(FunctionEnvironment.class).newInstance(env);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("handler " + className + " needs a public constructor taking "
                    + "FunctionEnvironment for the local runtime: " + e, e);
        }
    }

    public Map<String, SamTemplate.Function> functions() {
        return definitions;
    }

    /** Invokes a function with an event of the given type and returns the result as the runtime would deliver it. */
    public <I, O> O invoke(String functionId, I event, Class<I> eventType, Class<O> resultType) {
        Object result = handle(functionId, event, eventType);
        return roundTrip(resultType.cast(result), LambdaEventSerializers.serializerFor(resultType, LOADER));
    }

    /**
     * Invokes a function and returns its result as the JSON the runtime would send back (what an event source
     * mapping reads, e.g. a {@code StreamsEventResponse}); null if the handler returned null.
     */
    @SuppressWarnings("unchecked")
    public <I> String invokeForJson(String functionId, I event, Class<I> eventType) {
        Object result = handle(functionId, event, eventType);
        if (result == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor((Class<Object>) result.getClass(), LOADER).toJson(result, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private <I> Object handle(String functionId, I event, Class<I> eventType) {
        RequestHandler<Object, Object> handler = handlers.get(functionId);
        if (handler == null) {
            throw new IllegalArgumentException("no function " + functionId);
        }
        I delivered = roundTrip(event, LambdaEventSerializers.serializerFor(eventType, LOADER));
        var context = new LocalContext(UUID.randomUUID().toString(), functionId, 29_000, System.nanoTime());
        return handler.handleRequest(delivered, context);
    }

    private static <T> T roundTrip(T value, PojoSerializer<T> serializer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(value, out);
        return serializer.fromJson(new ByteArrayInputStream(out.toByteArray()));
    }
}
