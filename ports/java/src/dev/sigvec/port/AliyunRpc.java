package dev.sigvec.port;

import static dev.sigvec.port.Encoding.base64;
import static dev.sigvec.port.Encoding.UTF8_ORDER;
import static dev.sigvec.port.Encoding.hex;
import static dev.sigvec.port.Encoding.hmacSha1;
import static dev.sigvec.port.Encoding.percentEncode;
import static dev.sigvec.port.Encoding.utf8;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Alibaba Cloud RPC signature 1.0: HMAC-SHA1 over {@code METHOD&%2F&encode(canonicalized query)}. */
public final class AliyunRpc {
    public static final String SCHEME = "aliyun-rpc";
    public static final List<String> STEPS = List.of("canonicalized_query_string", "string_to_sign", "hmac_sha1_hex");

    private AliyunRpc() {}

    /** Parameters sorted by name in UTF-8 byte order (as the SDKs sort them), names and values percent-encoded. */
    public static String canonicalizedQueryString(Map<String, String> params) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>(params.entrySet());
        pairs.sort(Map.Entry.comparingByKey(UTF8_ORDER));
        return pairs.stream()
                .map(p -> percentEncode(p.getKey()) + "=" + percentEncode(p.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** The canonical string is percent-encoded a SECOND time, so {@code %3A} becomes {@code %253A}. */
    public static String stringToSign(String method, String canonicalizedQueryString) {
        return method + "&" + percentEncode("/") + "&" + percentEncode(canonicalizedQueryString);
    }

    /** The key is the secret plus {@code &}, as raw UTF-8 bytes (not decoded in any way). */
    public static byte[] signingKey(String accessKeySecret) {
        return utf8(accessKeySecret + "&");
    }

    public static byte[] hmacSha1Digest(String accessKeySecret, String stringToSign) {
        return hmacSha1(signingKey(accessKeySecret), stringToSign);
    }

    /** The base64 Signature parameter. */
    public static String signature(String method, String accessKeySecret, Map<String, String> params) {
        return base64(hmacSha1Digest(accessKeySecret, stringToSign(method, canonicalizedQueryString(params))));
    }

    /** The query to send: the parameters plus Signature, re-sorted and encoded. */
    public static String signedQuery(Map<String, String> params, String signature) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("Signature", signature);
        return canonicalizedQueryString(all);
    }

    /** Sign one vector input (fields as in vectors/schema/aliyun-rpc.schema.json). */
    public static Signed run(JsonObject in) {
        return sign(VectorInput.str(in, "method"), VectorInput.str(in, "access_key_secret"),
                VectorInput.stringMap(in, "params"));
    }

    public static Signed sign(String method, String accessKeySecret, Map<String, String> params) {
        String canonical = canonicalizedQueryString(params);
        String toSign = stringToSign(method, canonical);
        byte[] digest = hmacSha1Digest(accessKeySecret, toSign);
        String signature = base64(digest);

        Map<String, String> steps = new LinkedHashMap<>();
        steps.put("canonicalized_query_string", canonical);
        steps.put("string_to_sign", toSign);
        steps.put("hmac_sha1_hex", hex(digest));
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("signature", signature);
        output.put("signed_query", signedQuery(params, signature));
        return new Signed(steps, output);
    }
}
