package dev.sigvec.port;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sigvec line protocol (runner/PROTOCOL.md): one JSON request per stdin line, one JSON answer
 * per stdout line. This class only maps JSON to the scheme classes' plain inputs, applying the
 * vectors' documented defaults for absent optional fields.
 */
public final class Main {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private Main() {}

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Writer out = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8));
        System.setOut(System.err); // stdout carries protocol lines only
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonElement seq = null;
            Map<String, Object> answer;
            try {
                JsonElement parsed = JsonParser.parseString(line);
                if (!parsed.isJsonObject()) {
                    throw new IllegalArgumentException("request is not a JSON object");
                }
                JsonObject request = parsed.getAsJsonObject();
                seq = request.get("seq");
                String cmd = request.has("cmd") ? request.get("cmd").getAsString() : "";
                if (cmd.equals("stop")) {
                    break;
                }
                answer = switch (cmd) {
                    case "start" -> start(request);
                    case "run" -> run(request);
                    case "verify" -> VerifyCommand.answer(request);
                    default -> throw new IllegalArgumentException("unknown cmd '" + cmd + "'");
                };
            } catch (Exception e) {
                answer = errored(e);
            }
            if (seq != null && !answer.containsKey("ready")) {
                Map<String, Object> withSeq = new LinkedHashMap<>();
                withSeq.put("seq", seq);
                withSeq.putAll(answer);
                answer = withSeq;
            }
            out.write(GSON.toJson(answer));
            out.write('\n');
            out.flush();
        }
        out.flush();
        System.exit(0);
    }

    private static final int PROTOCOL_VERSION = 1;

    private static Map<String, Object> start(JsonObject request) {
        JsonElement version = request.get("version");
        boolean spoken = version != null && version.isJsonPrimitive()
                && version.getAsJsonPrimitive().isNumber()
                && version.getAsBigDecimal().compareTo(BigDecimal.valueOf(PROTOCOL_VERSION)) == 0;
        if (!spoken) {
            Map<String, Object> refusal = new LinkedHashMap<>();
            refusal.put("ready", false);
            refusal.put("version", PROTOCOL_VERSION);
            return refusal;
        }
        Map<String, Object> schemes = new LinkedHashMap<>();
        schemes.put(AwsSigV4.SCHEME, AwsSigV4.STEPS);
        schemes.put(TencentTc3.SCHEME, TencentTc3.STEPS);
        schemes.put(AliyunRpc.SCHEME, AliyunRpc.STEPS);
        schemes.put(Iflytek.SCHEME, Iflytek.STEPS);
        schemes.put(AwsSigv4Streaming.SCHEME, AwsSigv4Streaming.STEPS);
        schemes.put(AliyunAcs3.SCHEME, AliyunAcs3.STEPS);
        schemes.put(IflytekWs.SCHEME, IflytekWs.STEPS);
        // scaffold: steps
        Map<String, Object> implementation = new LinkedHashMap<>();
        implementation.put("name", "sigvec-java");
        implementation.put("language", "java");
        implementation.put("version", "java" + System.getProperty("java.version"));
        implementation.put("schemes", schemes);
        implementation.put("verify", VerifyCommand.schemes());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ready", true);
        answer.put("version", PROTOCOL_VERSION);
        answer.put("pipeline", 64);
        answer.put("implementation", implementation);
        return answer;
    }

    private static Map<String, Object> run(JsonObject request) {
        String scheme = request.has("scheme") ? request.get("scheme").getAsString() : "";
        JsonObject input = request.has("input") && request.get("input").isJsonObject()
                ? request.getAsJsonObject("input") : new JsonObject();
        Signed signed;
        switch (scheme) {
            case AwsSigV4.SCHEME -> signed = AwsSigV4.sign(awsRequest(input));
            case TencentTc3.SCHEME -> signed = TencentTc3.sign(tencentRequest(input));
            case AliyunRpc.SCHEME -> signed = AliyunRpc.sign(
                    str(input, "method"), str(input, "access_key_secret"), stringMap(input, "params"));
            case Iflytek.SCHEME -> signed = Iflytek.sign(
                    str(input, "app_id"), str(input, "ts"), str(input, "app_secret"));
            case AwsSigv4Streaming.SCHEME -> signed = AwsSigv4Streaming.run(input);
            case AliyunAcs3.SCHEME -> signed = AliyunAcs3.run(input);
            case IflytekWs.SCHEME -> signed = IflytekWs.run(input);
            // scaffold: dispatch
            default -> {
                Map<String, Object> skipped = new LinkedHashMap<>();
                skipped.put("skipped", true);
                skipped.put("message", "scheme not supported: " + scheme);
                return skipped;
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("intermediates", signed.intermediates());
        answer.put("output", signed.output());
        return answer;
    }

    private static Map<String, Object> errored(Exception e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("message", e.getMessage() != null ? e.getMessage() : e.toString());
        context.put("traceback", trace.toString());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("errored", true);
        answer.put("context", context);
        return answer;
    }

    // ---- JSON input -> plain scheme inputs, with the documented defaults ----

    static AwsSigV4.Request awsRequest(JsonObject in) {
        List<AwsSigV4.Header> headers = new ArrayList<>();
        JsonArray pairs = array(in, "headers");
        for (int i = 0; i < pairs.size(); i++) {
            JsonElement pair = pairs.get(i);
            if (!pair.isJsonArray() || pair.getAsJsonArray().size() != 2
                    || !isString(pair.getAsJsonArray().get(0)) || !isString(pair.getAsJsonArray().get(1))) {
                throw new InputException("input.headers." + i, "expected a [name, value] pair of strings");
            }
            headers.add(new AwsSigV4.Header(pair.getAsJsonArray().get(0).getAsString(),
                    pair.getAsJsonArray().get(1).getAsString()));
        }
        byte[] body;
        if (in.has("body_base64")) {
            String encoded = str(in, "body_base64");
            try {
                if (encoded.length() % 4 != 0) {
                    throw new IllegalArgumentException("length is not a multiple of 4");
                }
                body = java.util.Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new InputException("input.body_base64", "expected standard base64 (" + e.getMessage() + ")");
            }
        } else {
            body = Encoding.utf8(optStr(in, "body", ""));
        }
        String location = optStr(in, "signature_location", "header");
        if (!location.equals("header") && !location.equals("query")) {
            throw new InputException("input.signature_location", "expected 'header' or 'query'");
        }
        return new AwsSigV4.Request(
                str(in, "method"), str(in, "path"), optStr(in, "query", ""), headers, body,
                str(in, "access_key_id"), str(in, "secret_access_key"), optStr(in, "session_token", null),
                optBool(in, "omit_session_token", false), str(in, "region"), str(in, "service"),
                str(in, "timestamp"), optBool(in, "normalize_path", true), optBool(in, "double_encode_path", true),
                optBool(in, "sign_body", false), optBool(in, "unsigned_payload", false), location.equals("query"),
                optLong(in, "expires_in", 3600));
    }

    static TencentTc3.Request tencentRequest(JsonObject in) {
        List<String> signedHeaders = TencentTc3.DEFAULT_SIGNED_HEADERS;
        if (in.has("signed_headers")) {
            signedHeaders = new ArrayList<>();
            JsonArray names = array(in, "signed_headers");
            for (int i = 0; i < names.size(); i++) {
                if (!isString(names.get(i))) {
                    throw new InputException("input.signed_headers." + i, "expected a string");
                }
                signedHeaders.add(names.get(i).getAsString());
            }
        }
        return new TencentTc3.Request(
                str(in, "secret_id"), str(in, "secret_key"), str(in, "service"), str(in, "host"),
                str(in, "action"), str(in, "version"), longValue(in, "timestamp"), str(in, "method"),
                str(in, "payload"), str(in, "query"), optStr(in, "content_type", TencentTc3.DEFAULT_CONTENT_TYPE),
                optStr(in, "region", null), optStr(in, "token", null), signedHeaders);
    }

    private static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    private static String str(JsonObject in, String name) {
        if (!in.has(name)) {
            throw new InputException("input." + name, "required");
        }
        if (!isString(in.get(name))) {
            throw new InputException("input." + name, "expected a string");
        }
        return in.get(name).getAsString();
    }

    private static String optStr(JsonObject in, String name, String fallback) {
        return in.has(name) ? str(in, name) : fallback;
    }

    private static boolean optBool(JsonObject in, String name, boolean fallback) {
        if (!in.has(name)) {
            return fallback;
        }
        JsonElement e = in.get(name);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new InputException("input." + name, "expected true or false");
        }
        return e.getAsBoolean();
    }

    private static long longValue(JsonObject in, String name) {
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

    private static long optLong(JsonObject in, String name, long fallback) {
        return in.has(name) ? longValue(in, name) : fallback;
    }

    private static JsonArray array(JsonObject in, String name) {
        if (!in.has(name) || !in.get(name).isJsonArray()) {
            throw new InputException("input." + name, "expected an array");
        }
        return in.getAsJsonArray(name);
    }

    private static Map<String, String> stringMap(JsonObject in, String name) {
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
}
