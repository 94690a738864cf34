package dev.sigvec.port;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** iFlytek WebSocket HMAC-SHA256 URL authentication: TODO one line on what is signed (placeholder: HMAC-SHA256 over key_id and message). */
public final class IflytekWs {
    public static final String SCHEME = "iflytek-ws";
    public static final List<String> STEPS = List.of("string_to_sign");

    private IflytekWs() {}

    public static String stringToSign(String keyId, String message) {
        return keyId + "\n" + message;
    }

    /** Sign one vector input (fields as in vectors/schema/iflytek-ws.schema.json). */
    public static Signed run(JsonObject input) {
        String toSign = stringToSign(text(input, "key_id"), text(input, "message"));
        String signature = Encoding.hex(
                Encoding.hmacSha256(text(input, "secret").getBytes(StandardCharsets.UTF_8), toSign));
        Map<String, String> intermediates = new LinkedHashMap<>();
        intermediates.put("string_to_sign", toSign);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("signature", signature);
        return new Signed(intermediates, output);
    }

    private static String text(JsonObject input, String name) {
        JsonElement value = input.get(name);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new InputException("input." + name, "expected a string");
        }
        return value.getAsString();
    }
}
