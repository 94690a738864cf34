package dev.sigvec.port;

import static dev.sigvec.port.Encoding.base64;
import static dev.sigvec.port.Encoding.hex;
import static dev.sigvec.port.Encoding.md5;
import static dev.sigvec.port.Encoding.percentEncode;
import static dev.sigvec.port.Encoding.utf8;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** iFlytek-style app signature: base64(HMAC-SHA1(key = app_secret, msg = hex(MD5(app_id + ts)))). */
public final class Iflytek {
    public static final String SCHEME = "iflytek";
    public static final List<String> STEPS = List.of("base_string", "md5_hex", "hmac_sha1_hex");

    private Iflytek() {}

    /** The timestamp exactly as sent (leading zeros and all), not re-formatted as a number. */
    public static String baseString(String appId, String ts) {
        return appId + ts;
    }

    /** Lower-case hex of MD5 over the UTF-8 bytes: this hex TEXT is what gets signed, not the 16 raw bytes. */
    public static String md5Hex(String baseString) {
        return hex(md5(utf8(baseString)));
    }

    /** HMAC-SHA1 keyed with the secret's UTF-8 bytes, used verbatim (not base64- or URL-decoded). */
    public static byte[] hmacSha1(String appSecret, String md5Hex) {
        return Encoding.hmacSha1(utf8(appSecret), md5Hex);
    }

    /** The base64 signature ({@code signa}). */
    public static String signIflytek(String appId, String ts, String appSecret) {
        return base64(hmacSha1(appSecret, md5Hex(baseString(appId, ts))));
    }

    /** {@code appid=..&ts=..&signa=..}, each value percent-encoded (the signature has +, / and =). */
    public static String query(String appId, String ts, String signature) {
        return "appid=" + percentEncode(appId) + "&ts=" + percentEncode(ts) + "&signa=" + percentEncode(signature);
    }

    /** Sign one vector input (fields as in vectors/schema/iflytek.schema.json). */
    public static Signed run(JsonObject in) {
        return sign(VectorInput.str(in, "app_id"), VectorInput.str(in, "ts"), VectorInput.str(in, "app_secret"));
    }

    public static Signed sign(String appId, String ts, String appSecret) {
        String base = baseString(appId, ts);
        String md5Text = md5Hex(base);
        byte[] digest = hmacSha1(appSecret, md5Text);
        String signature = base64(digest);

        Map<String, String> steps = new LinkedHashMap<>();
        steps.put("base_string", base);
        steps.put("md5_hex", md5Text);
        steps.put("hmac_sha1_hex", hex(digest));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-App-Key", appId);
        headers.put("X-Timestamp", ts);
        headers.put("X-App-Signature", signature);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("signature", signature);
        output.put("query", query(appId, ts, signature));
        output.put("headers", headers);
        return new Signed(steps, output);
    }
}
