package dev.sigvec.port;

import static dev.sigvec.port.Encoding.UTF8_ORDER;
import static dev.sigvec.port.Encoding.asciiLower;
import static dev.sigvec.port.Encoding.asciiStrip;
import static dev.sigvec.port.Encoding.hex;
import static dev.sigvec.port.Encoding.hmacSha256;
import static dev.sigvec.port.Encoding.percentEncode;
import static dev.sigvec.port.Encoding.sha256Hex;
import static dev.sigvec.port.Encoding.utf8;
import static dev.sigvec.port.VectorInput.optStr;
import static dev.sigvec.port.VectorInput.str;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Alibaba Cloud V3 signature ({@code ACS3-HMAC-SHA256}): a canonical request over the path, the
 * sorted query, the {@code host}/{@code content-type}/{@code x-acs-*} headers and the body hash,
 * hex HMAC-SHA256 keyed with the AccessKey secret.
 */
public final class AliyunAcs3 {
    public static final String SCHEME = "aliyun-acs3";
    public static final String ALGORITHM = "ACS3-HMAC-SHA256";
    public static final List<String> STEPS = List.of(
            "canonical_uri", "canonical_query_string", "hashed_request_payload", "canonical_headers",
            "signed_headers", "canonical_request", "hashed_canonical_request", "string_to_sign");
    public static final String CONTENT_SHA256 = "x-acs-content-sha256";
    public static final String SECURITY_TOKEN = "x-acs-security-token";

    /** Headers the signer sets itself; a caller who also sends them would sign a stale copy. */
    public static final Set<String> SIGNER_HEADERS = Set.of(CONTENT_SHA256, SECURITY_TOKEN, "authorization");

    private AliyunAcs3() {}

    /**
     * A request to sign.
     *
     * @param path the resource path unencoded, as the API names it
     * @param query parameter name to value, unencoded
     * @param headers in sent order, without the ones the signer adds
     * @param securityToken null when there is none (STS credentials)
     */
    public record Request(String method, String path, Map<String, String> query, List<Map.Entry<String, String>> headers,
            byte[] body, String accessKeyId, String accessKeySecret, String securityToken) {}

    /** The path percent-encoded per RFC 3986 with {@code /} kept. */
    public static String canonicalUri(String path) {
        return percentEncode(path, "/");
    }

    /**
     * Sorted by the UNENCODED name (code point order), then {@code enc(name)=enc(value)} joined by
     * {@code &}; an empty value leaves {@code name=}.
     */
    public static String canonicalQueryString(Map<String, String> query) {
        Map<String, String> sorted = new TreeMap<>(UTF8_ORDER);
        sorted.putAll(query);
        return sorted.entrySet().stream().map(p -> percentEncode(p.getKey()) + "=" + percentEncode(p.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String hashedRequestPayload(byte[] body) {
        return sha256Hex(body);
    }

    /** Signed: {@code host}, {@code content-type} and every {@code x-acs-*} header (lower-cased names). */
    public static boolean isSigned(String lowerName) {
        return lowerName.equals("host") || lowerName.equals("content-type") || lowerName.startsWith("x-acs-");
    }

    /** The signed headers, lower-case names to trimmed values, sorted by name. */
    public static TreeMap<String, String> signedHeaderValues(List<Map.Entry<String, String>> headers) {
        TreeMap<String, String> signed = new TreeMap<>(UTF8_ORDER);
        for (Map.Entry<String, String> header : headers) {
            String name = asciiLower(asciiStrip(header.getKey()));
            if (isSigned(name)) {
                signed.put(name, asciiStrip(header.getValue()));
            }
        }
        return signed;
    }

    /** {@code name:value\n} for each signed header, sorted by name. */
    public static String canonicalHeaders(TreeMap<String, String> signed) {
        StringBuilder lines = new StringBuilder();
        signed.forEach((name, value) -> lines.append(name).append(':').append(value).append('\n'));
        return lines.toString();
    }

    public static String signedHeaders(TreeMap<String, String> signed) {
        return String.join(";", signed.keySet());
    }

    public static String canonicalRequest(String method, String canonicalUri, String canonicalQueryString,
            String canonicalHeaders, String signedHeaders, String hashedRequestPayload) {
        // canonicalHeaders ends in "\n", so a blank line follows it.
        return String.join("\n", method, canonicalUri, canonicalQueryString, canonicalHeaders, signedHeaders,
                hashedRequestPayload);
    }

    public static String stringToSign(String hashedCanonicalRequest) {
        return ALGORITHM + "\n" + hashedCanonicalRequest;
    }

    /** Hex HMAC-SHA256 keyed with the secret's UTF-8 bytes, used as is (no derived key). */
    public static String signature(String accessKeySecret, String stringToSign) {
        return hex(hmacSha256(utf8(accessKeySecret), stringToSign));
    }

    /** Commas and no spaces between the parts (unlike AWS). */
    public static String authorization(String accessKeyId, String signedHeaders, String signature) {
        return ALGORITHM + " Credential=" + accessKeyId + ",SignedHeaders=" + signedHeaders + ",Signature=" + signature;
    }

    /** Sign one vector input (fields as in vectors/schema/aliyun-acs3.schema.json). */
    public static Signed run(JsonObject in) {
        return sign(new Request(str(in, "method"), optStr(in, "path", "/"),
                in.has("query") ? VectorInput.stringMap(in, "query") : Map.of(), VectorInput.pairs(in, "headers"),
                VectorInput.body(in), str(in, "access_key_id"), str(in, "access_key_secret"),
                optStr(in, "security_token", null)));
    }

    private static void checkHeaders(List<Map.Entry<String, String>> headers) {
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> header : headers) {
            String name = asciiLower(asciiStrip(header.getKey()));
            if (SIGNER_HEADERS.contains(name)) {
                throw new InputException("input.headers", "'" + header.getKey() + "' is set by the signer; leave it out");
            }
            if (!seen.add(name)) {
                throw new InputException("input.headers", "'" + header.getKey() + "' appears twice");
            }
        }
    }

    public static Signed sign(Request in) {
        checkHeaders(in.headers());
        String payloadHash = hashedRequestPayload(in.body());
        Map<String, Object> added = new LinkedHashMap<>();
        added.put(CONTENT_SHA256, payloadHash);
        if (in.securityToken() != null) {
            added.put(SECURITY_TOKEN, in.securityToken());
        }
        List<Map.Entry<String, String>> all = new ArrayList<>(in.headers());
        added.forEach((name, value) -> all.add(Map.entry(name, (String) value)));
        TreeMap<String, String> signed = signedHeaderValues(all);

        String uri = canonicalUri(in.path());
        String query = canonicalQueryString(in.query());
        String headers = canonicalHeaders(signed);
        String names = signedHeaders(signed);
        String creq = canonicalRequest(in.method(), uri, query, headers, names, payloadHash);
        String creqHash = sha256Hex(creq);
        String toSign = stringToSign(creqHash);
        String signature = signature(in.accessKeySecret(), toSign);
        String authorization = authorization(in.accessKeyId(), names, signature);
        added.put("Authorization", authorization);

        Map<String, String> steps = new LinkedHashMap<>();
        steps.put("canonical_uri", uri);
        steps.put("canonical_query_string", query);
        steps.put("hashed_request_payload", payloadHash);
        steps.put("canonical_headers", headers);
        steps.put("signed_headers", names);
        steps.put("canonical_request", creq);
        steps.put("hashed_canonical_request", creqHash);
        steps.put("string_to_sign", toSign);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("signature", signature);
        output.put("authorization", authorization);
        output.put("headers", added);
        return new Signed(steps, output);
    }
}
