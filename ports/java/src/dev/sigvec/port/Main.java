package dev.sigvec.port;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The sigvec line protocol (runner/PROTOCOL.md): one JSON request per stdin line, one JSON answer
 * per stdout line. Each scheme class maps its own vector input ({@code run}); this class only
 * dispatches to them through one table.
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

    /** A scheme this port signs: its steps (the start answer) and its vector-input entry point. */
    private record Scheme(List<String> steps, Function<JsonObject, Signed> run) {}

    /** Every scheme, one line each, from the scheme classes' own constants. */
    private static final Map<String, Scheme> SCHEMES = new LinkedHashMap<>();

    static {
        add(AwsSigV4.SCHEME, AwsSigV4.STEPS, AwsSigV4::run);
        add(TencentTc3.SCHEME, TencentTc3.STEPS, TencentTc3::run);
        add(AliyunRpc.SCHEME, AliyunRpc.STEPS, AliyunRpc::run);
        add(Iflytek.SCHEME, Iflytek.STEPS, Iflytek::run);
        add(AwsSigv4Streaming.SCHEME, AwsSigv4Streaming.STEPS, AwsSigv4Streaming::run);
        add(AliyunAcs3.SCHEME, AliyunAcs3.STEPS, AliyunAcs3::run);
        add(IflytekWs.SCHEME, IflytekWs.STEPS, IflytekWs::run);
        // scaffold: schemes
    }

    private static void add(String id, List<String> steps, Function<JsonObject, Signed> run) {
        SCHEMES.put(id, new Scheme(steps, run));
    }

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
        SCHEMES.forEach((id, scheme) -> schemes.put(id, scheme.steps()));
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
        Scheme signer = SCHEMES.get(scheme);
        if (signer == null) {
            Map<String, Object> skipped = new LinkedHashMap<>();
            skipped.put("skipped", true);
            skipped.put("message", "scheme not supported: " + scheme);
            return skipped;
        }
        Signed signed = signer.run().apply(input);
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
}
