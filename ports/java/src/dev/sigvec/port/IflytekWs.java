package dev.sigvec.port;

import static dev.sigvec.port.Encoding.base64;
import static dev.sigvec.port.Encoding.hex;
import static dev.sigvec.port.Encoding.hmacSha256;
import static dev.sigvec.port.Encoding.percentEncode;
import static dev.sigvec.port.Encoding.utf8;
import static dev.sigvec.port.VectorInput.optStr;
import static dev.sigvec.port.VectorInput.str;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * iFlytek HMAC-SHA256 URL authentication (WebSocket and HTTP APIs): base64(HMAC-SHA256(key =
 * api_secret, msg = "host: ..\ndate: ..\nGET /path HTTP/1.1")), sent base64-wrapped in the
 * {@code authorization} query parameter next to {@code date} and {@code host}.
 */
public final class IflytekWs {
    public static final String SCHEME = "iflytek-ws";
    public static final List<String> STEPS = List.of(
            "request_line", "signature_origin", "hmac_sha256_hex", "authorization_origin");
    public static final String DEFAULT_METHOD = "GET";

    private IflytekWs() {}

    /** {@code GET /v2/iat HTTP/1.1}: the protocol version is part of it. */
    public static String requestLine(String method, String path) {
        return method + " " + path + " HTTP/1.1";
    }

    /** The three signed "headers", lower-case names, LF between them and none at the end. */
    public static String signatureOrigin(String host, String date, String requestLine) {
        return "host: " + host + "\ndate: " + date + "\n" + requestLine;
    }

    /** HMAC-SHA256 keyed with the secret's UTF-8 bytes; its raw 32 bytes (not the hex) are base64-encoded. */
    public static byte[] hmacSha256Digest(String apiSecret, String signatureOrigin) {
        return hmacSha256(utf8(apiSecret), signatureOrigin);
    }

    public static String authorizationOrigin(String apiKey, String signature) {
        return "api_key=\"" + apiKey + "\", algorithm=\"hmac-sha256\", headers=\"host date request-line\", signature=\""
                + signature + "\"";
    }

    /** {@code authorization=..&date=..&host=..}, each value percent-encoded (RFC 3986). */
    public static String query(String authorization, String date, String host) {
        return "authorization=" + percentEncode(authorization) + "&date=" + percentEncode(date)
                + "&host=" + percentEncode(host);
    }

    /** Sign one vector input (fields as in vectors/schema/iflytek-ws.schema.json). */
    public static Signed run(JsonObject in) {
        return sign(str(in, "api_key"), str(in, "api_secret"), str(in, "host"), str(in, "path"),
                optStr(in, "method", DEFAULT_METHOD), str(in, "date"));
    }

    /** @param date RFC 1123 in GMT, exactly as sent ({@code Wed, 10 Jul 2019 07:35:43 GMT}) */
    public static Signed sign(String apiKey, String apiSecret, String host, String path, String method, String date) {
        String line = requestLine(method, path);
        String origin = signatureOrigin(host, date, line);
        byte[] digest = hmacSha256Digest(apiSecret, origin);
        String signature = base64(digest);
        String authorizationOrigin = authorizationOrigin(apiKey, signature);
        String authorization = base64(utf8(authorizationOrigin));

        Map<String, String> steps = new LinkedHashMap<>();
        steps.put("request_line", line);
        steps.put("signature_origin", origin);
        steps.put("hmac_sha256_hex", hex(digest));
        steps.put("authorization_origin", authorizationOrigin);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("signature", signature);
        output.put("authorization", authorization);
        output.put("query", query(authorization, date, host));
        return new Signed(steps, output);
    }
}
