package org.qenex.api.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Every JSON request body is bound here, strictly: a {@code long} field takes only a whole JSON
 * number from 0 to 2<sup>63</sup>-1 (not {@code 1.9}, {@code true}, {@code "5"} or 2<sup>64</sup>+5,
 * which must never wrap), a {@code String} field only a JSON string; unknown and repeated fields and
 * trailing data are refused. Jackson's own texts name Java types and internals and are never passed on.
 */
final class JsonBodies {

    private static final String WHOLE_NUMBER = "must be a whole number from 0 to " + Long.MAX_VALUE;

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("qenex-strict-scalars")
                    .addDeserializer(Long.class, new WholeNumber())
                    .addDeserializer(long.class, new WholeNumber())
                    .addDeserializer(String.class, new JsonString()))
            .build();

    private JsonBodies() {
    }

    static <T> T bind(byte[] raw, Class<T> type) {
        T bound;
        try {
            bound = STRICT.readValue(raw, type);
        } catch (IOException e) {
            throw ApiException.badRequest("bad_request", explain(e));
        }
        if (bound == null) {
            // the literal null, or nothing at all, binds to null: never what a route asks for
            throw ApiException.badRequest("bad_request", "the body must be one JSON object");
        }
        return bound;
    }

    /** Our own words for what Jackson found wrong. */
    static String explain(IOException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof MismatchedInputException mismatch) {
            String field = field(mismatch);
            if (field == null) {
                return "the body must be one JSON object";
            }
            Class<?> type = mismatch.getTargetType();
            if (type == long.class || type == Long.class) {
                return "field '" + field + "' " + WHOLE_NUMBER;
            }
            if (type == String.class) {
                return "field '" + field + "' must be a string";
            }
            return "field '" + field + "' has the wrong type";
        }
        if (e instanceof StreamConstraintsException) {
            return "the body nests too deeply or holds a value too long";
        }
        if (e instanceof JsonProcessingException parse && parse.getOriginalMessage() != null
                && parse.getOriginalMessage().startsWith("Duplicate field")) {
            return "a field appears twice";
        }
        if (e instanceof JsonProcessingException parse && parse.getLocation() != null) {
            return "the body is not valid JSON (line " + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr() + ")";
        }
        return "the body is not valid JSON";
    }

    private static String field(JsonMappingException e) {
        for (int i = e.getPath().size() - 1; i >= 0; i--) {
            String name = e.getPath().get(i).getFieldName();
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    /** A whole JSON number that fits a non-negative {@code long}: no fraction, boolean, string or wrap-around. */
    private static final class WholeNumber extends JsonDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw MismatchedInputException.from(p, Long.class, WHOLE_NUMBER);
            }
            // 2^64 + 5 must not become 5: anything past a long is refused, not narrowed
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw MismatchedInputException.from(p, Long.class, WHOLE_NUMBER);
            }
            long value = p.getLongValue();
            if (value < 0) {
                throw MismatchedInputException.from(p, Long.class, WHOLE_NUMBER);
            }
            return value;
        }
    }

    /** A JSON string only: a number or boolean is not silently turned into text. */
    private static final class JsonString extends JsonDeserializer<String> {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw MismatchedInputException.from(p, String.class, "must be a string");
            }
            return p.getText();
        }
    }
}
