package io.callvault.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.standins.SamTemplate;
import io.callvault.standins.StandInStack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Hosts the template's functions in this JVM: the same handler classes that deploy, each built once with
 * its template environment (pointed at the stand-ins), and every event and result passed through the
 * Lambda runtime's own serializers, as the real runtime would. A handler is a {@link RequestHandler} or a
 * {@link RequestStreamHandler} with a public constructor taking {@link FunctionEnvironment}.
 */
public final class FunctionHost {
    private static final ClassLoader LOADER = FunctionHost.class.getClassLoader();
    private static final byte[] NULL = "null".getBytes(StandardCharsets.UTF_8);
    /** Each function's handler: a {@link RequestHandler} or a {@link RequestStreamHandler}. */
    private final Map<String, Object> handlers = new LinkedHashMap<>();
    private final Map<String, SamTemplate.Function> definitions = new LinkedHashMap<>();

    public FunctionHost(StandInStack stack) {
        for (SamTemplate.Function f : stack.template().functions()) {
            handlers.put(f.logicalId(), instantiate(f.handlerClass(), new FunctionEnvironment(stack.environmentOf(f))));
            definitions.put(f.logicalId(), f);
        }
    }

    private static Object instantiate(String className, FunctionEnvironment env) {
        Class<?> type;
        Object handler;
        try {
            type = Class.forName(className);
            handler = type.getConstructor(FunctionEnvironment.class).newInstance(env);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("handler " + className + " needs a public constructor taking "
                    + "FunctionEnvironment for the local runtime: " + e, e);
        }
        if (!(handler instanceof RequestHandler<?, ?>) && !(handler instanceof RequestStreamHandler)) {
            throw new IllegalStateException("handler " + className + " is neither a RequestHandler nor a RequestStreamHandler");
        }
        return handler;
    }

    public Map<String, SamTemplate.Function> functions() {
        return definitions;
    }

    /** Invokes a function with an event of the given type and returns the result as the runtime would deliver it. */
    public <I, O> O invoke(String functionId, I event, Class<I> eventType, Class<O> resultType) {
        if (handler(functionId) instanceof RequestStreamHandler) {
            byte[] out = invokeJson(functionId, toJson(event, serializer(eventType)));
            return out.length == 0 ? null : serializer(resultType).fromJson(new ByteArrayInputStream(out));
        }
        Object result = handle(functionId, event, eventType);
        return roundTrip(resultType.cast(result), serializer(resultType));
    }

    /**
     * Invokes a function and returns its result as the JSON the runtime would send back (what an event source
     * mapping reads, e.g. a {@code StreamsEventResponse}); null if the handler returned null.
     */
    public <I> String invokeForJson(String functionId, I event, Class<I> eventType) {
        if (handler(functionId) instanceof RequestStreamHandler) {
            String out = new String(invokeJson(functionId, toJson(event, serializer(eventType))), StandardCharsets.UTF_8);
            return out.isBlank() || out.equals("null") ? null : out;
        }
        Object result = handle(functionId, event, eventType);
        return result == null ? null : new String(resultJson(result), StandardCharsets.UTF_8);
    }

    /**
     * Invokes a function with a JSON payload, as Lambda's Invoke API does: a stream handler reads the bytes as they
     * are; a {@link RequestHandler} gets them deserialized into its input type (from its {@code RequestHandler<I, O>}
     * declaration; a {@code Map} if it declares none) by the runtime's serializers. Returns the result's JSON
     * ({@code null} for a null result). What the handler throws is thrown as it is.
     */
    public byte[] invokeJson(String functionId, byte[] payload) {
        Object handler = handler(functionId);
        var context = new LocalContext(UUID.randomUUID().toString(), functionId, 29_000, System.nanoTime());
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                stream.handleRequest(new ByteArrayInputStream(payload), out, context);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
        @SuppressWarnings("unchecked")
        RequestHandler<Object, Object> requestHandler = (RequestHandler<Object, Object>) handler;
        Object input = serializer(inputType(handler.getClass())).fromJson(new ByteArrayInputStream(payload));
        Object result = requestHandler.handleRequest(input, context);
        return result == null ? NULL : resultJson(result);
    }

    private Object handler(String functionId) {
        Object handler = handlers.get(functionId);
        if (handler == null) {
            throw new IllegalArgumentException("no function " + functionId);
        }
        return handler;
    }

    /** Whether the template has this function. */
    public boolean hosts(String functionId) {
        return handlers.containsKey(functionId);
    }

    private <I> Object handle(String functionId, I event, Class<I> eventType) {
        @SuppressWarnings("unchecked")
        RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) handler(functionId);
        I delivered = roundTrip(event, serializer(eventType));
        var context = new LocalContext(UUID.randomUUID().toString(), functionId, 29_000, System.nanoTime());
        return handler.handleRequest(delivered, context);
    }

    /** The {@code I} of the {@code RequestHandler<I, O>} a class implements (on it or a superclass); Object if not a class. */
    static Class<?> inputType(Class<?> handlerClass) {
        for (Class<?> c = handlerClass; c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    Type input = p.getActualTypeArguments()[0];
                    if (input instanceof Class<?> k) {
                        return k;
                    }
                    if (input instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> k) {
                        return k;
                    }
                    return Object.class;
                }
            }
        }
        return Object.class;
    }

    @SuppressWarnings("unchecked")
    private static <T> PojoSerializer<T> serializer(Class<T> type) {
        return LambdaEventSerializers.serializerFor(type, LOADER);
    }

    @SuppressWarnings("unchecked")
    private static byte[] resultJson(Object result) {
        return toJson(result, serializer((Class<Object>) result.getClass()));
    }

    private static <T> byte[] toJson(T value, PojoSerializer<T> serializer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(value, out);
        return out.toByteArray();
    }

    private static <T> T roundTrip(T value, PojoSerializer<T> serializer) {
        return serializer.fromJson(new ByteArrayInputStream(toJson(value, serializer)));
    }
}
