package dev.sigvec.port;

import static dev.sigvec.port.Encoding.asciiLower;
import static dev.sigvec.port.Encoding.sha256Hex;
import static dev.sigvec.port.Verify.checkWindow;
import static dev.sigvec.port.Verify.isDigits;
import static dev.sigvec.port.Verify.lookupSecret;
import static dev.sigvec.port.Verify.parseAuthorization;
import static dev.sigvec.port.Verify.sameSignature;
import static dev.sigvec.port.Verify.single;

import dev.sigvec.port.Verify.AuthorizationParts;
import dev.sigvec.port.Verify.Rejection;
import dev.sigvec.port.Verify.Request;
import dev.sigvec.port.Verify.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Verify Tencent Cloud TC3-HMAC-SHA256 (API 3.0): the Authorization header. The canonical URI is
 * always '/'; the canonical query is the raw query as sent; signed header values are lower-cased
 * and trimmed.
 */
public final class TencentTc3Verify {
    /** X-TC-Timestamp: UNIX seconds, at most this many digits. */
    public static final int MAX_TIMESTAMP_DIGITS = 15;

    private TencentTc3Verify() {}

    /** The signed names of the Authorization header: lower-case, distinct, sorted. */
    public static List<String> receivedSignedHeaders(String signedHeaders) {
        TreeSet<String> names = new TreeSet<>(Encoding.UTF8_ORDER);
        for (String name : signedHeaders.split(";", -1)) {
            if (!name.isEmpty()) {
                names.add(asciiLower(name));
            }
        }
        return new ArrayList<>(names);
    }

    /** Each signed name's sent values, joined with ','. */
    public static Map<String, String> receivedHeaderValues(Request request, List<String> names) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            values.put(name, String.join(",", request.headerValues(name)));
        }
        return values;
    }

    /**
     * Accept the request (return) or throw a Rejection; checks in this order: Authorization present
     * and readable, algorithm, scope shape and terminator, SecretId known, X-TC-Timestamp, scope date
     * = its UTC date and service = the server's, time window, content-type and host signed,
     * signature.
     */
    public static void verify(Request request, Map<String, String> credentials, Settings server) throws Rejection {
        String value = single(request.headerValues("authorization"), "the Authorization header");
        if (value == null) {
            throw new Rejection("missing-auth", "no Authorization header");
        }
        AuthorizationParts parts = parseAuthorization(value, TencentTc3.ALGORITHM);
        String[] scope = parts.credential().split("/", -1);
        if (scope.length != 4 || scope[0].isEmpty() || scope[1].isEmpty() || scope[2].isEmpty()) {
            throw new Rejection("malformed-auth", "Credential is not SECRETID/YYYY-MM-DD/SERVICE/tc3_request");
        }
        String secretId = scope[0];
        String date = scope[1];
        String service = scope[2];
        if (!scope[3].equals("tc3_request")) {
            throw new Rejection("scope-mismatch", "credential scope ends in '" + scope[3] + "'");
        }
        String secret = lookupSecret(credentials, secretId, "SecretId");
        String stamp = single(request.headerValues("x-tc-timestamp"), "the X-TC-Timestamp header");
        if (!isDigits(stamp, MAX_TIMESTAMP_DIGITS)) {
            throw new Rejection("malformed-auth", "X-TC-Timestamp '" + stamp + "': expected UNIX seconds");
        }
        long timestamp = Long.parseLong(stamp);
        if (!date.equals(TencentTc3.utcDate(timestamp))) {
            throw new Rejection("scope-mismatch", "scope date " + date + " is not the UTC date of X-TC-Timestamp ("
                    + TencentTc3.utcDate(timestamp) + ")");
        }
        if (server.service != null && !service.equals(server.service)) {
            throw new Rejection("scope-mismatch", "scope service '" + service + "', the server is '" + server.service + "'");
        }
        checkWindow(timestamp, server.now, server.tc3SkewSeconds, "X-TC-Timestamp");
        List<String> names = receivedSignedHeaders(parts.signedHeaders());
        for (String name : TencentTc3.DEFAULT_SIGNED_HEADERS) {
            if (!names.contains(name)) {
                throw new Rejection("unsigned-header", name + " is not among the signed headers");
            }
        }
        String canonicalRequest = TencentTc3.canonicalRequest(request.method(), request.query(),
                TencentTc3.canonicalHeaders(names, receivedHeaderValues(request, names)),
                TencentTc3.signedHeaders(names), sha256Hex(request.body()));
        // The timestamp as sent (not re-formatted) is what the client signed.
        String toSign = TencentTc3.ALGORITHM + "\n" + stamp + "\n" + TencentTc3.credentialScope(date, service) + "\n"
                + sha256Hex(canonicalRequest);
        String expected = TencentTc3.signature(TencentTc3.signingKeys(secret, date, service).get(2), toSign);
        if (!sameSignature(expected, parts.signature())) {
            throw new Rejection("signature-mismatch", "the signature differs from the server's");
        }
    }
}
