package dev.sigvec.port;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading a vector's {@code input} object (Gson): typed fields, each error naming the field as
 * {@code input.<name>}. Each scheme's {@code run} maps its input with these, applying the vectors'
 * documented defaults for absent optional fields.
 */
public final class VectorInput {
    private VectorInput() {}

    static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    static String str(JsonObject in, String name) {
        if (!in.has(name)) {
            throw new InputException("input." + name, "required");
        }
        if (!isString(in.get(name))) {
            throw new InputException("input." + name, "expected a string");
        }
        return in.get(name).getAsString();
    }

    static String optStr(JsonObject in, String name, String fallback) {
        return in.has(name) ? str(in, name) : fallback;
    }

    static boolean optBool(JsonObject in, String name, boolean fallback) {
        if (!in.has(name)) {
            return fallback;
        }
        JsonElement e = in.get(name);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new InputException("input." + name, "expected true or false");
        }
        return e.getAsBoolean();
    }

    static long longValue(JsonObject in, String name) {
        if (!in.has(name)) {
            throw new InputException("input." + name, "required");
        }
        JsonElement e = in.get(name);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new InputException("input." + name, "expected an integer");
        }
        try {
            return new BigDecimal(e.getAsJsonPrimitive().getAsString()).longValueExact();
        } catch (ArithmeticException | NumberFormatException ex) {
            throw new InputException("input." + name, "expected an integer, got " + e);
        }
    }

    static long optLong(JsonObject in, String name, long fallback) {
        return in.has(name) ? longValue(in, name) : fallback;
    }

    static JsonArray array(JsonObject in, String name) {
        if (!in.has(name) || !in.get(name).isJsonArray()) {
            throw new InputException("input." + name, "expected an array");
        }
        return in.getAsJsonArray(name);
    }

    static List<String> strings(JsonObject in, String name) {
        JsonArray items = array(in, name);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!isString(items.get(i))) {
                throw new InputException("input." + name + "." + i, "expected a string");
            }
            strings.add(items.get(i).getAsString());
        }
        return strings;
    }

    /** {@code [[name, value], ...]} in the given order (header and trailer lists). */
    static List<Map.Entry<String, String>> pairs(JsonObject in, String name) {
        JsonArray items = array(in, name);
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonElement pair = items.get(i);
            if (!pair.isJsonArray() || pair.getAsJsonArray().size() != 2
                    || !isString(pair.getAsJsonArray().get(0)) || !isString(pair.getAsJsonArray().get(1))) {
                throw new InputException("input." + name + "." + i, "expected a [name, value] pair of strings");
            }
            pairs.add(Map.entry(pair.getAsJsonArray().get(0).getAsString(), pair.getAsJsonArray().get(1).getAsString()));
        }
        return pairs;
    }

    static Map<String, String> stringMap(JsonObject in, String name) {
        if (!in.has(name) || !in.get(name).isJsonObject()) {
            throw new InputException("input." + name, "expected an object");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : in.getAsJsonObject(name).entrySet()) {
            if (!isString(entry.getValue())) {
                throw new InputException("input." + name + "." + entry.getKey(), "expected a string");
            }
            map.put(entry.getKey(), entry.getValue().getAsString());
        }
        return map;
    }

    /** The payload: {@code body} (UTF-8 text) or {@code body_base64} (standard, padded); empty when neither. */
    static byte[] body(JsonObject in) {
        if (!in.has("body_base64")) {
            return Encoding.utf8(optStr(in, "body", ""));
        }
        String encoded = str(in, "body_base64");
        try {
            if (encoded.length() % 4 != 0) {
                throw new IllegalArgumentException("length is not a multiple of 4");
            }
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new InputException("input.body_base64", "expected standard base64 (" + e.getMessage() + ")");
        }
    }
}
