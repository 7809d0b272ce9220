package io.callvault.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.standins.SamTemplate;
import io.callvault.standins.StandInStack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Hosts the template's functions in this JVM: the same handler classes that deploy, each built once with
 * its template environment (pointed at the stand-ins), and every event and result passed through the
 * Lambda runtime's own serializers, as the real runtime would.
 */
public final class FunctionHost {
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
        RequestHandler<Object, Object> handler = handlers.get(functionId);
        if (handler == null) {
            throw new IllegalArgumentException("no function " + functionId);
        }
        ClassLoader loader = FunctionHost.class.getClassLoader();
        I delivered = roundTrip(event, LambdaEventSerializers.serializerFor(eventType, loader));
        var context = new LocalContext(UUID.randomUUID().toString(), functionId, 29_000, System.nanoTime());
        Object result = handler.handleRequest(delivered, context);
        return roundTrip(resultType.cast(result), LambdaEventSerializers.serializerFor(resultType, loader));
    }

    private static <T> T roundTrip(T value, PojoSerializer<T> serializer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(value, out);
        return serializer.fromJson(new ByteArrayInputStream(out.toByteArray()));
    }
}
