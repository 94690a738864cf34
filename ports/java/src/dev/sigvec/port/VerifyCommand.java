package dev.sigvec.port;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sigvec.port.Verify.Header;
import dev.sigvec.port.Verify.Rejection;
import dev.sigvec.port.Verify.Request;
import dev.sigvec.port.Verify.Settings;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code verify} command of the line protocol (runner/PROTOCOL.md): a received request, the
 * server's credentials and state in; a verdict out, from each scheme's verifier.
 */
public final class VerifyCommand {
    /** A scheme's verifier. */
    @FunctionalInterface
    interface Verifier {
        void verify(Request request, Map<String, String> credentials, Settings server) throws Rejection;
    }

    /** scheme id -> verifier; {@code start} announces the keys. */
    static final Map<String, Verifier> VERIFIERS = new LinkedHashMap<>();

    static {
        VERIFIERS.put(AwsSigV4.SCHEME, AwsSigV4Verify::verify);
        VERIFIERS.put(TencentTc3.SCHEME, TencentTc3Verify::verify);
        VERIFIERS.put(AliyunRpc.SCHEME, AliyunRpcVerify::verify);
        VERIFIERS.put(Iflytek.SCHEME, IflytekVerify::verify);
    }

    private VerifyCommand() {}

    /** The schemes announced in {@code start} as {@code "verify"}. */
    static List<String> schemes() {
        return new ArrayList<>(VERIFIERS.keySet());
    }

    /** The answer to one verify command (without seq): a verdict, or skipped. */
    static Map<String, Object> answer(JsonObject message) {
        String scheme = message.has("scheme") ? message.get("scheme").getAsString() : "";
        Map<String, Object> answer = new LinkedHashMap<>();
        Verifier verifier = VERIFIERS.get(scheme);
        if (verifier == null) {
            answer.put("skipped", true);
            answer.put("message", "scheme not verified: " + scheme);
            return answer;
        }
        JsonObject server = object(message, "server");
        Settings settings = new Settings(now(server));
        settings.region = optString(server, "region");
        settings.service = optString(server, "service");
        if (server.has("seenNonces")) {
            for (JsonElement nonce : server.getAsJsonArray("seenNonces")) {
                settings.seenNonces.add(nonce.getAsString());
            }
        }
        Map<String, String> credentials = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : object(message, "credentials").entrySet()) {
            credentials.put(entry.getKey(), entry.getValue().getAsString());
        }
        try {
            verifier.verify(request(object(message, "request")), credentials, settings);
            answer.put("verdict", "valid");
        } catch (Rejection rejection) {
            answer.put("verdict", "invalid");
            answer.put("reason", rejection.reason());
            answer.put("message", rejection.getMessage());
        }
        return answer;
    }

    private static double now(JsonObject server) {
        String text = optString(server, "now");
        try {
            return Instant.parse(text == null ? "" : text.strip()).toEpochMilli() / 1000.0;
        } catch (DateTimeParseException e) {
            throw new InputException("server.now", "expected an ISO 8601 UTC time, got '" + text + "'");
        }
    }

    private static Request request(JsonObject in) {
        for (String name : List.of("method", "target")) {
            if (optString(in, name) == null || optString(in, name).isEmpty()) {
                throw new InputException("request." + name, "expected a non-empty string");
            }
        }
        List<Header> headers = new ArrayList<>();
        JsonArray pairs = in.has("headers") ? in.getAsJsonArray("headers") : new JsonArray();
        for (int i = 0; i < pairs.size(); i++) {
            JsonElement pair = pairs.get(i);
            if (!pair.isJsonArray() || pair.getAsJsonArray().size() != 2) {
                throw new InputException("request.headers." + i, "expected a [name, value] pair");
            }
            headers.add(new Header(pair.getAsJsonArray().get(0).getAsString(), pair.getAsJsonArray().get(1).getAsString()));
        }
        byte[] body;
        if (in.has("body_base64")) {
            try {
                body = Base64.getDecoder().decode(optString(in, "body_base64"));
            } catch (IllegalArgumentException e) {
                throw new InputException("request.body_base64", "expected standard base64");
            }
        } else {
            String text = optString(in, "body");
            body = Encoding.utf8(text == null ? "" : text);
        }
        return new Request(optString(in, "method"), optString(in, "target"), headers, body);
    }

    private static JsonObject object(JsonObject in, String name) {
        if (!in.has(name) || !in.get(name).isJsonObject()) {
            throw new InputException(name, "expected an object");
        }
        return in.getAsJsonObject(name);
    }

    private static String optString(JsonObject in, String name) {
        JsonElement e = in.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new InputException(name, "expected a string");
        }
        return e.getAsString();
    }
}
