package dev.sigvec.port;

import static dev.sigvec.port.Encoding.asciiLower;
import static dev.sigvec.port.Encoding.asciiStrip;
import static dev.sigvec.port.Encoding.hex;
import static dev.sigvec.port.Encoding.hmacSha256;
import static dev.sigvec.port.Encoding.percentDecode;
import static dev.sigvec.port.Encoding.percentEncode;
import static dev.sigvec.port.Encoding.sha256Hex;
import static dev.sigvec.port.Encoding.utf8;

import static dev.sigvec.port.VectorInput.optBool;
import static dev.sigvec.port.VectorInput.optLong;
import static dev.sigvec.port.VectorInput.optStr;
import static dev.sigvec.port.VectorInput.str;

import com.google.gson.JsonObject;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** AWS Signature Version 4: canonical request, string to sign, derived key, HMAC-SHA256. */
public final class AwsSigV4 {
    public static final String SCHEME = "aws-sigv4";
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final List<String> STEPS = List.of(
            "canonical_uri", "canonical_query_string", "canonical_headers", "signed_headers",
            "hashed_payload", "canonical_request", "credential_scope", "hashed_canonical_request",
            "string_to_sign", "k_date_hex", "k_region_hex", "k_service_hex", "k_signing_hex");

    /** Headers the signer sets itself; a caller who also sends them would sign a stale copy. */
    public static final Set<String> SIGNER_HEADERS =
            Set.of("x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "authorization");

    /** The payload hash of a request whose body is not signed (S3 presigned URLs). */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private static final Pattern WHITESPACE_RUN = Pattern.compile("[ \\t\\r\\n]+");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);

    private AwsSigV4() {}

    public record Header(String name, String value) {}

    /** The two results of header canonicalization. */
    public record CanonicalHeaders(String canonical, String signed) {}

    /**
     * A request to sign. Defaults (see {@link #request}): query "", body empty, normalizePath
     * true, doubleEncodePath true, signBody false, unsignedPayload false, header form, expiresIn 3600,
     * token signed.
     *
     * @param sessionToken null when there is none
     * @param unsignedPayload sign {@link #UNSIGNED_PAYLOAD} instead of the body's hash (S3 presigned URLs)
     * @param presign true for the query (presigned URL) form, false for the Authorization header
     */
    public record Request(
            String method, String path, String query, List<Header> headers, byte[] body,
            String accessKeyId, String secretAccessKey, String sessionToken, boolean omitSessionToken,
            String region, String service, String timestamp, boolean normalizePath,
            boolean doubleEncodePath, boolean signBody, boolean unsignedPayload, boolean presign,
            long expiresIn) {}

    /** A request with every optional field at its default. */
    public static Request request(String method, String path, List<Header> headers, String accessKeyId,
            String secretAccessKey, String region, String service, String timestamp) {
        return new Request(method, path, "", headers, new byte[0], accessKeyId, secretAccessKey, null,
                false, region, service, timestamp, true, true, false, false, false, 3600);
    }

    /** RFC 3986 dot-segment removal that also collapses empty segments ({@code //}), as AWS does. */
    public static String normalizePath(String path) {
        if (path.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else {
                segments.add(segment);
            }
        }
        String leading = path.startsWith("/") ? "/" : "";
        String trailing = path.endsWith("/") && !segments.isEmpty() ? "/" : "";
        return leading + String.join("/", segments) + trailing;
    }

    /**
     * Encode the path as sent. Non-S3 services encode it again ({@code %20} becomes {@code %2520});
     * S3 ({@code doubleEncode} false) keeps existing escapes and only encodes raw bytes.
     */
    public static String canonicalUri(String path, boolean normalize, boolean doubleEncode) {
        if (normalize) {
            path = normalizePath(path);
        }
        if (path.isEmpty()) {
            path = "/";
        }
        return percentEncode(path, doubleEncode ? "/" : "/%");
    }

    /**
     * Decode each {@code key=value} as sent, re-encode it strictly ({@code +} is a literal plus),
     * add the {@code extra} (unencoded) pairs, sort by key then value.
     */
    public static String canonicalQueryString(String query, List<Map.Entry<String, String>> extra) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String part : query.split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(Map.entry(percentEncode(percentDecode(key)), percentEncode(percentDecode(value))));
        }
        for (Map.Entry<String, String> pair : extra) {
            pairs.add(Map.entry(percentEncode(pair.getKey()), percentEncode(pair.getValue())));
        }
        // Everything is ASCII once encoded, so String order is byte order.
        pairs.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        return pairs.stream().map(p -> p.getKey() + "=" + p.getValue()).collect(Collectors.joining("&"));
    }

    public static String canonicalQueryString(String query) {
        return canonicalQueryString(query, List.of());
    }

    /**
     * Lower-case (ASCII) names; trim values (ASCII whitespace) and fold their inner whitespace runs
     * (folded lines too) to one space; join repeated names with {@code ,} in sent order; sort by name.
     */
    public static CanonicalHeaders canonicalHeaders(List<Header> headers) {
        Map<String, List<String>> merged = new TreeMap<>(Encoding.UTF8_ORDER);
        for (Header header : headers) {
            String name = asciiLower(asciiStrip(header.name()));
            String value = asciiStrip(WHITESPACE_RUN.matcher(header.value()).replaceAll(" "));
            merged.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        StringBuilder lines = new StringBuilder();
        merged.forEach((name, values) -> lines.append(name).append(':').append(String.join(",", values)).append('\n'));
        return new CanonicalHeaders(lines.toString(), String.join(";", merged.keySet()));
    }

    public static String hashedPayload(byte[] body) {
        return sha256Hex(body);
    }

    public static String credentialScope(String date, String region, String service) {
        return date + "/" + region + "/" + service + "/aws4_request";
    }

    public static String canonicalRequest(String method, String canonicalUri, String canonicalQueryString,
            String canonicalHeaders, String signedHeaders, String hashedPayload) {
        // canonicalHeaders ends in "\n", so a blank line follows it.
        return String.join("\n", method, canonicalUri, canonicalQueryString, canonicalHeaders,
                signedHeaders, hashedPayload);
    }

    public static String stringToSign(String timestamp, String credentialScope, String hashedCanonicalRequest) {
        return ALGORITHM + "\n" + timestamp + "\n" + credentialScope + "\n" + hashedCanonicalRequest;
    }

    /** kDate, kRegion, kService, kSigning, in that order; the last one signs. */
    public static List<byte[]> signingKeys(String secretAccessKey, String date, String region, String service) {
        byte[] kDate = hmacSha256(utf8("AWS4" + secretAccessKey), date);
        byte[] kRegion = hmacSha256(kDate, region);
        byte[] kService = hmacSha256(kRegion, service);
        return List.of(kDate, kRegion, kService, hmacSha256(kService, "aws4_request"));
    }

    public static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        return signingKeys(secretAccessKey, date, region, service).get(3);
    }

    public static String signature(byte[] signingKey, String stringToSign) {
        return hex(hmacSha256(signingKey, stringToSign));
    }

    /** The {@code Authorization} header: comma AND space between the parts. */
    public static String authorization(String accessKeyId, String credentialScope, String signedHeaders,
            String signature) {
        return ALGORITHM + " Credential=" + accessKeyId + "/" + credentialScope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
    }

    /** Refuses a timestamp that is not a real {@code YYYYMMDDTHHMMSSZ} time. */
    static void checkTimestamp(String stamp) {
        try {
            LocalDateTime.parse(stamp, TIMESTAMP);
        } catch (DateTimeParseException e) {
            throw new InputException("timestamp", "'" + stamp + "' is not a real YYYYMMDDTHHMMSSZ time");
        }
    }

    /** Sign one vector input (fields as in vectors/schema/aws-sigv4.schema.json). */
    public static Signed run(JsonObject in) {
        return sign(request(in));
    }

    /** The {@link Request} of one vector input, with the documented defaults. */
    public static Request request(JsonObject in) {
        String location = optStr(in, "signature_location", "header");
        if (!location.equals("header") && !location.equals("query")) {
            throw new InputException("input.signature_location", "expected 'header' or 'query'");
        }
        return new Request(
                str(in, "method"), str(in, "path"), optStr(in, "query", ""), headers(in, "headers"), VectorInput.body(in),
                str(in, "access_key_id"), str(in, "secret_access_key"), optStr(in, "session_token", null),
                optBool(in, "omit_session_token", false), str(in, "region"), str(in, "service"),
                str(in, "timestamp"), optBool(in, "normalize_path", true), optBool(in, "double_encode_path", true),
                optBool(in, "sign_body", false), optBool(in, "unsigned_payload", false), location.equals("query"),
                optLong(in, "expires_in", 3600));
    }

    /** A {@code [[name, value], ...]} input field as headers, in sent order. */
    static List<Header> headers(JsonObject in, String name) {
        return VectorInput.pairs(in, name).stream().map(p -> new Header(p.getKey(), p.getValue())).toList();
    }

    public static Signed sign(Request in) {
        String stamp = in.timestamp();
        checkTimestamp(stamp);
        for (Header header : in.headers()) {
            if (SIGNER_HEADERS.contains(asciiLower(asciiStrip(header.name())))) {
                throw new InputException("headers", "'" + header.name() + "' is set by the signer; leave it out of headers");
            }
        }
        String token = in.sessionToken() == null || in.sessionToken().isEmpty() ? null : in.sessionToken();
        boolean signToken = token != null && !in.omitSessionToken();
        String payloadHash = in.unsignedPayload() ? UNSIGNED_PAYLOAD : hashedPayload(in.body());
        String date = stamp.substring(0, 8);
        String scope = credentialScope(date, in.region(), in.service());

        // Headers the signer adds (header form), in the order they are sent.
        Map<String, Object> added = new LinkedHashMap<>();
        if (!in.presign()) {
            added.put("X-Amz-Date", stamp);
            if (token != null) {
                added.put("X-Amz-Security-Token", token);
            }
            if (in.signBody()) {
                added.put("x-amz-content-sha256", payloadHash);
            }
        }
        List<Header> toCanonicalize = new ArrayList<>(in.headers());
        added.forEach((name, value) -> {
            if (!name.equals("X-Amz-Security-Token") || signToken) {
                toCanonicalize.add(new Header(name, (String) value));
            }
        });
        CanonicalHeaders headers = canonicalHeaders(toCanonicalize);

        List<Map.Entry<String, String>> extra = new ArrayList<>();
        if (in.presign()) {
            extra.add(Map.entry("X-Amz-Algorithm", ALGORITHM));
            extra.add(Map.entry("X-Amz-Credential", in.accessKeyId() + "/" + scope));
            extra.add(Map.entry("X-Amz-Date", stamp));
            extra.add(Map.entry("X-Amz-Expires", Long.toString(in.expiresIn())));
            extra.add(Map.entry("X-Amz-SignedHeaders", headers.signed()));
            if (signToken) {
                extra.add(Map.entry("X-Amz-Security-Token", token));
            }
        }
        String query = canonicalQueryString(in.query(), extra);
        String uri = canonicalUri(in.path(), in.normalizePath(), in.doubleEncodePath());
        String creq = canonicalRequest(in.method(), uri, query, headers.canonical(), headers.signed(), payloadHash);
        String creqHash = sha256Hex(creq);
        String toSign = stringToSign(stamp, scope, creqHash);
        List<byte[]> keys = signingKeys(in.secretAccessKey(), date, in.region(), in.service());
        String signature = signature(keys.get(3), toSign);

        Map<String, Object> output = new LinkedHashMap<>();
        output.put("signature", signature);
        if (in.presign()) {
            String signedQuery = query + "&X-Amz-Signature=" + signature;
            if (token != null && !signToken) {
                // Sent, but not signed: appended after the signature.
                signedQuery += "&X-Amz-Security-Token=" + percentEncode(token);
            }
            output.put("signed_query", signedQuery);
        } else {
            String authorization = authorization(in.accessKeyId(), scope, headers.signed(), signature);
            output.put("authorization", authorization);
            added.put("Authorization", authorization);
        }
        output.put("headers", added);

        Map<String, String> steps = new LinkedHashMap<>();
        steps.put("canonical_uri", uri);
        steps.put("canonical_query_string", query);
        steps.put("canonical_headers", headers.canonical());
        steps.put("signed_headers", headers.signed());
        steps.put("hashed_payload", payloadHash);
        steps.put("canonical_request", creq);
        steps.put("credential_scope", scope);
        steps.put("hashed_canonical_request", creqHash);
        steps.put("string_to_sign", toSign);
        steps.put("k_date_hex", hex(keys.get(0)));
        steps.put("k_region_hex", hex(keys.get(1)));
        steps.put("k_service_hex", hex(keys.get(2)));
        steps.put("k_signing_hex", hex(keys.get(3)));
        return new Signed(steps, output);
    }
}
