package dev.sigvec.port;

import static dev.sigvec.port.Encoding.asciiLower;
import static dev.sigvec.port.Encoding.asciiStrip;
import static dev.sigvec.port.Encoding.hex;
import static dev.sigvec.port.Encoding.hmacSha256;
import static dev.sigvec.port.Encoding.sha256Hex;
import static dev.sigvec.port.Encoding.utf8;

import static dev.sigvec.port.VectorInput.longValue;
import static dev.sigvec.port.VectorInput.optStr;
import static dev.sigvec.port.VectorInput.str;
import static dev.sigvec.port.VectorInput.strings;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tencent Cloud API 3.0 signature, TC3-HMAC-SHA256. */
public final class TencentTc3 {
    public static final String SCHEME = "tencent-tc3";
    public static final String ALGORITHM = "TC3-HMAC-SHA256";
    public static final String DEFAULT_CONTENT_TYPE = "application/json; charset=utf-8";
    public static final List<String> DEFAULT_SIGNED_HEADERS = List.of("content-type", "host");
    public static final List<String> STEPS = List.of(
            "hashed_request_payload", "canonical_headers", "signed_headers", "canonical_request", "date",
            "credential_scope", "hashed_canonical_request", "string_to_sign", "secret_date_hex",
            "secret_service_hex", "secret_signing_hex");

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");

    private TencentTc3() {}

    /**
     * A request to sign. {@code region} and {@code token} are null (or empty) when not sent;
     * defaults: contentType {@link #DEFAULT_CONTENT_TYPE}, signedHeaders {@link #DEFAULT_SIGNED_HEADERS}.
     *
     * @param timestamp UNIX seconds
     * @param query the canonical query string for GET, "" for POST
     */
    public record Request(
            String secretId, String secretKey, String service, String host, String action, String version,
            long timestamp, String method, String payload, String query, String contentType, String region,
            String token, List<String> signedHeaders) {}

    /** A request with the default content type and signed headers, no region and no token. */
    public static Request request(String secretId, String secretKey, String service, String host, String action,
            String version, long timestamp, String method, String payload, String query) {
        return new Request(secretId, secretKey, service, host, action, version, timestamp, method, payload, query,
                DEFAULT_CONTENT_TYPE, null, null, DEFAULT_SIGNED_HEADERS);
    }

    public static String hashedRequestPayload(String payload) {
        return sha256Hex(payload);
    }

    /** The value of every header the scheme can sign, keyed by lower-case name. */
    public static Map<String, String> headerValues(Request in) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("content-type", in.contentType());
        values.put("host", in.host());
        values.put("x-tc-action", in.action());
        values.put("x-tc-timestamp", Long.toString(in.timestamp()));
        values.put("x-tc-version", in.version());
        if (in.region() != null && !in.region().isEmpty()) {
            values.put("x-tc-region", in.region());
        }
        if (in.token() != null && !in.token().isEmpty()) {
            values.put("x-tc-token", in.token());
        }
        return values;
    }

    /**
     * {@code name:value\n} per signed header, in the given (sorted) order. Tencent lower-cases (ASCII) and
     * trims the header VALUES too, so x-tc-action carries the action in lower case.
     */
    public static String canonicalHeaders(List<String> sortedNames, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (String name : sortedNames) {
            out.append(name).append(':').append(asciiLower(asciiStrip(values.get(name)))).append('\n');
        }
        return out.toString();
    }

    public static String signedHeaders(List<String> sortedNames) {
        return String.join(";", sortedNames);
    }

    /** The canonical URI is always "/"; an empty query still leaves its (blank) line. */
    public static String canonicalRequest(String method, String query, String canonicalHeaders,
            String signedHeaders, String hashedPayload) {
        return String.join("\n", method, "/", query, canonicalHeaders, signedHeaders, hashedPayload);
    }

    /** The UTC date (YYYY-MM-DD) of the timestamp, whatever the local time zone. */
    public static String utcDate(long timestamp) {
        return Instant.ofEpochSecond(timestamp).atOffset(ZoneOffset.UTC).format(DATE);
    }

    public static String credentialScope(String date, String service) {
        return date + "/" + service + "/tc3_request";
    }

    public static String stringToSign(long timestamp, String credentialScope, String hashedCanonicalRequest) {
        return ALGORITHM + "\n" + timestamp + "\n" + credentialScope + "\n" + hashedCanonicalRequest;
    }

    /** secret_date, secret_service, secret_signing, in that order; the last one signs. */
    public static List<byte[]> signingKeys(String secretKey, String date, String service) {
        byte[] secretDate = hmacSha256(utf8("TC3" + secretKey), date);
        byte[] secretService = hmacSha256(secretDate, service);
        return List.of(secretDate, secretService, hmacSha256(secretService, "tc3_request"));
    }

    public static String signature(byte[] secretSigning, String stringToSign) {
        return hex(hmacSha256(secretSigning, stringToSign));
    }

    public static String authorization(String secretId, String credentialScope, String signedHeaders,
            String signature) {
        return ALGORITHM + " Credential=" + secretId + "/" + credentialScope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
    }

    /** Sign one vector input (fields as in vectors/schema/tencent-tc3.schema.json). */
    public static Signed run(JsonObject in) {
        return sign(request(in));
    }

    /** The {@link Request} of one vector input, with the documented defaults. */
    public static Request request(JsonObject in) {
        List<String> signedHeaders = in.has("signed_headers") ? strings(in, "signed_headers") : DEFAULT_SIGNED_HEADERS;
        return new Request(
                str(in, "secret_id"), str(in, "secret_key"), str(in, "service"), str(in, "host"),
                str(in, "action"), str(in, "version"), longValue(in, "timestamp"), str(in, "method"),
                str(in, "payload"), str(in, "query"), optStr(in, "content_type", DEFAULT_CONTENT_TYPE),
                optStr(in, "region", null), optStr(in, "token", null), signedHeaders);
    }

    public static Signed sign(Request in) {
        Map<String, String> values = headerValues(in);
        List<String> names = new ArrayList<>(in.signedHeaders());
        names.sort(null);
        for (String name : names) {
            if (!values.containsKey(name)) {
                throw new InputException("signed_headers", "names '" + name + "', but the input has no value");
            }
        }
        String payloadHash = hashedRequestPayload(in.payload());
        String headers = canonicalHeaders(names, values);
        String signed = signedHeaders(names);
        String creq = canonicalRequest(in.method(), in.query(), headers, signed, payloadHash);
        String date = utcDate(in.timestamp());
        String scope = credentialScope(date, in.service());
        String creqHash = sha256Hex(creq);
        String toSign = stringToSign(in.timestamp(), scope, creqHash);
        List<byte[]> keys = signingKeys(in.secretKey(), date, in.service());
        String signature = signature(keys.get(2), toSign);
        String authorization = authorization(in.secretId(), scope, signed, signature);

        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("Authorization", authorization);
        sent.put("Content-Type", values.get("content-type"));
        sent.put("Host", in.host());
        sent.put("X-TC-Action", in.action());
        sent.put("X-TC-Timestamp", Long.toString(in.timestamp()));
        sent.put("X-TC-Version", in.version());
        if (values.containsKey("x-tc-region")) {
            sent.put("X-TC-Region", values.get("x-tc-region"));
        }
        if (values.containsKey("x-tc-token")) {
            sent.put("X-TC-Token", values.get("x-tc-token"));
        }

        Map<String, String> steps = new LinkedHashMap<>();
        steps.put("hashed_request_payload", payloadHash);
        steps.put("canonical_headers", headers);
        steps.put("signed_headers", signed);
        steps.put("canonical_request", creq);
        steps.put("date", date);
        steps.put("credential_scope", scope);
        steps.put("hashed_canonical_request", creqHash);
        steps.put("string_to_sign", toSign);
        steps.put("secret_date_hex", hex(keys.get(0)));
        steps.put("secret_service_hex", hex(keys.get(1)));
        steps.put("secret_signing_hex", hex(keys.get(2)));
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("signature", signature);
        output.put("authorization", authorization);
        output.put("headers", sent);
        return new Signed(steps, output);
    }
}
