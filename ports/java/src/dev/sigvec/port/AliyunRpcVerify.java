package dev.sigvec.port;

import static dev.sigvec.port.Encoding.asciiLower;
import static dev.sigvec.port.Encoding.base64;
import static dev.sigvec.port.Verify.checkWindow;
import static dev.sigvec.port.Verify.lookupSecret;
import static dev.sigvec.port.Verify.parseUtc;
import static dev.sigvec.port.Verify.queryPairs;
import static dev.sigvec.port.Verify.sameSignature;

import dev.sigvec.port.Verify.Rejection;
import dev.sigvec.port.Verify.Request;
import dev.sigvec.port.Verify.Settings;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Verify Alibaba Cloud RPC signature 1.0: parameters in the query (GET) or a form-encoded body
 * (POST), read with form decoding ('+' is a space) as Alibaba Cloud's gateway reads them. A
 * SignatureNonce is accepted once.
 */
public final class AliyunRpcVerify {
    public static final String SIGNATURE_METHOD = "HMAC-SHA1";
    public static final String SIGNATURE_VERSION = "1.0";
    public static final List<String> REQUIRED =
            List.of("AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp");
    public static final String FORM = "application/x-www-form-urlencoded";
    private static final Pattern TIMESTAMP = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})Z");

    private AliyunRpcVerify() {}

    /** The query parameters, then those of a form-encoded body. */
    public static List<Map.Entry<String, String>> receivedParameters(Request request) {
        List<Map.Entry<String, String>> pairs = queryPairs(request.query(), true);
        String contentType = request.header("content-type");
        if (contentType != null && asciiLower(contentType).startsWith(FORM) && request.body().length > 0) {
            pairs.addAll(queryPairs(new String(request.body(), StandardCharsets.UTF_8), true));
        }
        return pairs;
    }

    /**
     * Accept the request (return) or throw a Rejection; checks in this order: no parameter
     * repeated, Signature present, the required parameters present, SignatureMethod and
     * SignatureVersion, a non-empty signature and nonce, AccessKeyId known, Timestamp within the
     * window, signature, SignatureNonce not seen before.
     */
    public static void verify(Request request, Map<String, String> credentials, Settings server) throws Rejection {
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : receivedParameters(request)) {
            if (params.containsKey(pair.getKey())) {
                throw new Rejection("malformed-auth", "parameter '" + pair.getKey() + "' is sent twice");
            }
            params.put(pair.getKey(), pair.getValue());
        }
        if (!params.containsKey("Signature")) {
            throw new Rejection("missing-auth", "no Signature parameter");
        }
        String signature = params.remove("Signature");
        for (String name : REQUIRED) {
            if (!params.containsKey(name)) {
                throw new Rejection("malformed-auth", "no " + name + " parameter");
            }
        }
        if (!params.get("SignatureMethod").equals(SIGNATURE_METHOD)) {
            throw new Rejection("unsupported-algorithm", "SignatureMethod '" + params.get("SignatureMethod") + "'");
        }
        if (!params.get("SignatureVersion").equals(SIGNATURE_VERSION)) {
            throw new Rejection("unsupported-algorithm", "SignatureVersion '" + params.get("SignatureVersion") + "'");
        }
        if (signature.isEmpty()) {
            throw new Rejection("malformed-auth", "the signature is empty");
        }
        String nonce = params.get("SignatureNonce");
        if (nonce.isEmpty()) {
            throw new Rejection("malformed-auth", "the SignatureNonce is empty");
        }
        String secret = lookupSecret(credentials, params.get("AccessKeyId"), "AccessKeyId");
        Double timestamp = parseUtc(params.get("Timestamp"), TIMESTAMP);
        if (timestamp == null) {
            throw new Rejection("malformed-auth",
                    "Timestamp '" + params.get("Timestamp") + "' is not YYYY-MM-DDThh:mm:ssZ");
        }
        checkWindow(timestamp, server.now, server.aliyunSkewSeconds, "Timestamp");
        String toSign = AliyunRpc.stringToSign(request.method(), AliyunRpc.canonicalizedQueryString(params));
        String expected = base64(AliyunRpc.hmacSha1Digest(secret, toSign));
        if (!sameSignature(expected, signature)) {
            throw new Rejection("signature-mismatch", "the signature differs from the server's");
        }
        if (server.seenNonces.contains(nonce)) {
            throw new Rejection("replay", "SignatureNonce '" + nonce + "' was used before");
        }
    }
}
