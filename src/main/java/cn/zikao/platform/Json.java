package cn.zikao.platform;

import io.micronaut.serde.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The one JSON mapper (Micronaut Serde over {@code @Serdeable} records), built once at start-up. */
public final class Json {
    private static final ObjectMapper MAPPER = ObjectMapper.create(Map.of(), "cn.zikao");

    private Json() {}

    /** Builds the mapper now: its class-path scan takes seconds and must not run on an event loop. */
    public static void init() {
        encode(Map.of());
    }

    public static Buffer encode(Object value) {
        try {
            return Buffer.buffer(MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a request body; anything that is not the expected shape is a 400 VALIDATION. */
    public static <T> T decode(Buffer body, Class<T> type) {
        if (body == null || body.length() == 0) {
            throw Problem.validation("body", "REQUIRED", "problem.required.body");
        }
        try {
            T value = MAPPER.readValue(body.getBytes(), type);
            if (value == null) {
                throw Problem.validation("body", "REQUIRED", "problem.required.body");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof Problem p) {
                throw p;
            }
            throw Problem.validation("body", "MALFORMED", "problem.malformed.body");
        }
    }
}
