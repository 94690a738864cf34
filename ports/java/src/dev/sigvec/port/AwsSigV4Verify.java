package dev.sigvec.port;

import static dev.sigvec.port.Encoding.asciiLower;
import static dev.sigvec.port.Encoding.sha256Hex;
import static dev.sigvec.port.Verify.checkWindow;
import static dev.sigvec.port.Verify.isDigits;
import static dev.sigvec.port.Verify.lookupSecret;
import static dev.sigvec.port.Verify.parseAuthorization;
import static dev.sigvec.port.Verify.parseUtc;
import static dev.sigvec.port.Verify.queryPairs;
import static dev.sigvec.port.Verify.sameSignature;
import static dev.sigvec.port.Verify.single;
import static dev.sigvec.port.Verify.valuesOf;

import dev.sigvec.port.Verify.AuthorizationParts;
import dev.sigvec.port.Verify.Rejection;
import dev.sigvec.port.Verify.Request;
import dev.sigvec.port.Verify.Settings;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verify AWS Signature Version 4: the Authorization header or a presigned URL. Service rules come
 * from the credential scope: for s3 the path is neither normalised nor encoded again and
 * x-amz-content-sha256 is what is signed (a hash, UNSIGNED-PAYLOAD or a streaming value); a
 * presigned s3 URL signs UNSIGNED-PAYLOAD.
 */
public final class AwsSigV4Verify {
    /** Any one of these in the query makes the request a presigned one. */
    public static final List<String> PRESIGN_PARAMETERS = List.of(
            "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature");
    /** The one streaming payload whose seed signature covers only the literal (no chunk signatures). */
    public static final String UNSIGNED_STREAMING_PAYLOAD = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    private static final Pattern AMZ_DATE = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})Z");

    private AwsSigV4Verify() {}

    /** The signature parts; {@code date} and {@code expires} are the presigned parameters (else null). */
    public record ReceivedAuth(AuthorizationParts parts, String date, String expires, boolean presigned) {}

    /** The Authorization header, or the presigned X-Amz-* parameters. */
    public static ReceivedAuth receivedAuth(Request request) throws Rejection {
        List<String> authorizations = request.headerValues("authorization");
        List<Map.Entry<String, String>> params = queryPairs(request.query(), false);
        boolean presigned = PRESIGN_PARAMETERS.stream().anyMatch(name -> !valuesOf(params, name).isEmpty());
        if (authorizations.isEmpty() && !presigned) {
            throw new Rejection("missing-auth", "no Authorization header and no X-Amz-Signature query");
        }
        if (!authorizations.isEmpty() && presigned) {
            throw new Rejection("malformed-auth", "both an Authorization header and X-Amz-* query auth");
        }
        if (!authorizations.isEmpty()) {
            String value = single(authorizations, "the Authorization header");
            return new ReceivedAuth(parseAuthorization(value, AwsSigV4.ALGORITHM), null, null, false);
        }
        Map<String, String> found = new LinkedHashMap<>();
        for (String name : PRESIGN_PARAMETERS) {
            String value = single(valuesOf(params, name), "query parameter " + name);
            if (value == null) {
                throw new Rejection("malformed-auth", "presigned URL without " + name);
            }
            found.put(name, value);
        }
        if (!found.get("X-Amz-Algorithm").equals(AwsSigV4.ALGORITHM)) {
            throw new Rejection("unsupported-algorithm",
                    "X-Amz-Algorithm '" + found.get("X-Amz-Algorithm") + "', expected " + AwsSigV4.ALGORITHM);
        }
        if (found.get("X-Amz-Signature").isEmpty()) {
            throw new Rejection("malformed-auth", "the signature is empty");
        }
        AuthorizationParts parts = new AuthorizationParts(
                found.get("X-Amz-Credential"), found.get("X-Amz-SignedHeaders"), found.get("X-Amz-Signature"));
        return new ReceivedAuth(parts, found.get("X-Amz-Date"), found.get("X-Amz-Expires"), true);
    }

    /** The raw query minus its X-Amz-Signature piece(s): what a presigned URL signed. */
    public static String queryWithoutSignature(String query) {
        List<String> kept = new ArrayList<>();
        for (String piece : query.split("&", -1)) {
            if (!piece.isEmpty() && !queryPairs(piece, false).get(0).getKey().equals("X-Amz-Signature")) {
                kept.add(piece);
            }
        }
        return String.join("&", kept);
    }

    /**
     * The payload hash the request signed: x-amz-content-sha256 as sent, else UNSIGNED-PAYLOAD for
     * a presigned s3 URL, else the SHA-256 of the body.
     */
    public static String receivedPayloadHash(Request request, boolean presigned, boolean s3) {
        String sent = request.header("x-amz-content-sha256");
        if (sent != null) {
            return sent;
        }
        return presigned && s3 ? AwsSigV4.UNSIGNED_PAYLOAD : AwsSigV4.hashedPayload(request.body());
    }

    /**
     * Accept the request (return) or throw a Rejection; checks in this order: auth present and
     * readable, algorithm, credential scope shape and terminator, key known, X-Amz-Date (and
     * X-Amz-Expires), scope date/region/service, time window (or expiry), host and every x-amz-*
     * header signed, signature, x-amz-content-sha256 = SHA-256 of the body.
     */
    public static void verify(Request request, Map<String, String> credentials, Settings server) throws Rejection {
        ReceivedAuth auth = receivedAuth(request);
        String[] scope = auth.parts().credential().split("/", -1);
        if (scope.length != 5 || scope[0].isEmpty() || scope[1].isEmpty() || scope[2].isEmpty() || scope[3].isEmpty()) {
            throw new Rejection("malformed-auth", "Credential is not KEY/YYYYMMDD/REGION/SERVICE/aws4_request");
        }
        String keyId = scope[0];
        String scopeDate = scope[1];
        String region = scope[2];
        String service = scope[3];
        if (!scope[4].equals("aws4_request")) {
            throw new Rejection("scope-mismatch", "credential scope ends in '" + scope[4] + "'");
        }
        String secret = lookupSecret(credentials, keyId, "access key");

        String stamp = auth.date();
        if (!auth.presigned()) {
            stamp = single(request.headerValues("x-amz-date"), "the X-Amz-Date header");
            if (stamp == null) {
                throw new Rejection("malformed-auth", "no X-Amz-Date header");
            }
        }
        Double requestTime = parseUtc(stamp, AMZ_DATE);
        if (requestTime == null) {
            throw new Rejection("malformed-auth", "X-Amz-Date '" + stamp + "' is not YYYYMMDDTHHMMSSZ");
        }
        long expires = 0;
        if (auth.presigned()) {
            String text = auth.expires();
            BigInteger seconds = isDigits(text, Integer.MAX_VALUE) ? new BigInteger(text) : BigInteger.ZERO;
            if (seconds.signum() < 1 || seconds.compareTo(BigInteger.valueOf(server.awsMaxExpiresSeconds)) > 0) {
                throw new Rejection("malformed-auth",
                        "X-Amz-Expires '" + text + "': expected 1 to " + server.awsMaxExpiresSeconds);
            }
            expires = seconds.longValueExact();
        }

        if (!scopeDate.equals(stamp.substring(0, 8))) {
            throw new Rejection("scope-mismatch", "scope date " + scopeDate + " is not X-Amz-Date's " + stamp.substring(0, 8));
        }
        if (server.region != null && !region.equals(server.region)) {
            throw new Rejection("scope-mismatch", "scope region '" + region + "', the server is '" + server.region + "'");
        }
        if (server.service != null && !service.equals(server.service)) {
            throw new Rejection("scope-mismatch", "scope service '" + service + "', the server is '" + server.service + "'");
        }

        if (!auth.presigned() || requestTime - server.now > server.awsSkewSeconds) {
            checkWindow(requestTime, server.now, server.awsSkewSeconds, "X-Amz-Date");
        }
        if (auth.presigned() && server.now > requestTime + expires) {
            throw new Rejection("expired", String.format("presigned URL expired %.0f s ago (X-Amz-Expires %d)",
                    server.now - requestTime - expires, expires));
        }

        Set<String> signedNames = new LinkedHashSet<>();
        for (String name : auth.parts().signedHeaders().split(";", -1)) {
            if (!name.isEmpty()) {
                signedNames.add(asciiLower(name));
            }
        }
        if (!signedNames.contains("host")) {
            throw new Rejection("unsigned-header", "host is not among the signed headers");
        }
        for (String name : request.headerNames()) {
            if (name.startsWith("x-amz-") && !signedNames.contains(name)) {
                throw new Rejection("unsigned-header", name + " is sent but not signed");
            }
        }

        boolean s3 = service.equals("s3");
        String payloadHash = receivedPayloadHash(request, auth.presigned(), s3);
        if (payloadHash.startsWith("STREAMING-") && !payloadHash.equals(UNSIGNED_STREAMING_PAYLOAD)) {
            throw new Rejection("unsupported-algorithm",
                    "streaming payload '" + payloadHash + "': chunk signatures are not verified");
        }

        List<AwsSigV4.Header> signedHeaderLines = new ArrayList<>();
        for (String name : signedNames) {
            for (String value : request.headerValues(name)) {
                signedHeaderLines.add(new AwsSigV4.Header(name, value));
            }
        }
        AwsSigV4.CanonicalHeaders headers = AwsSigV4.canonicalHeaders(signedHeaderLines);
        String query = auth.presigned() ? queryWithoutSignature(request.query()) : request.query();
        String canonicalRequest = AwsSigV4.canonicalRequest(request.method(), AwsSigV4.canonicalUri(request.path(), !s3, !s3),
                AwsSigV4.canonicalQueryString(query), headers.canonical(), headers.signed(), payloadHash);
        String toSign = AwsSigV4.stringToSign(stamp, AwsSigV4.credentialScope(scopeDate, region, service),
                sha256Hex(canonicalRequest));
        String expected = AwsSigV4.signature(AwsSigV4.signingKey(secret, scopeDate, region, service), toSign);
        if (!sameSignature(expected, auth.parts().signature())) {
            throw new Rejection("signature-mismatch", "the signature differs from the server's");
        }

        String contentHash = request.header("x-amz-content-sha256");
        boolean literal = payloadHash.equals(AwsSigV4.UNSIGNED_PAYLOAD) || payloadHash.equals(UNSIGNED_STREAMING_PAYLOAD);
        if (contentHash != null && !literal && !contentHash.equals(AwsSigV4.hashedPayload(request.body()))) {
            throw new Rejection("payload-hash-mismatch", "x-amz-content-sha256 is not the SHA-256 of the body");
        }
    }
}
