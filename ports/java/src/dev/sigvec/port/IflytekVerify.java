package dev.sigvec.port;

import static dev.sigvec.port.Encoding.base64;
import static dev.sigvec.port.Verify.checkWindow;
import static dev.sigvec.port.Verify.isDigits;
import static dev.sigvec.port.Verify.lookupSecret;
import static dev.sigvec.port.Verify.queryPairs;
import static dev.sigvec.port.Verify.sameSignature;
import static dev.sigvec.port.Verify.single;
import static dev.sigvec.port.Verify.valuesOf;

import dev.sigvec.port.Verify.Rejection;
import dev.sigvec.port.Verify.Request;
import dev.sigvec.port.Verify.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Verify the iFlytek-style app signature: headers X-App-Key, X-Timestamp, X-App-Signature, or
 * query appid, ts, signa (form decoding: '+' is a space, so a signature sent without URL-encoding
 * fails, as on a servlet server). Method, path, other query parameters and body are not signed.
 */
public final class IflytekVerify {
    public static final List<String> HEADER_NAMES = List.of("X-App-Key", "X-Timestamp", "X-App-Signature");
    public static final List<String> QUERY_NAMES = List.of("appid", "ts", "signa");
    /** The timestamp: UNIX seconds, at most this many digits. */
    public static final int MAX_TIMESTAMP_DIGITS = 15;

    private IflytekVerify() {}

    /** The app id, timestamp and signature: from the headers when any is sent, else from the query. */
    public static List<String> receivedAuth(Request request) throws Rejection {
        List<String> names = HEADER_NAMES;
        List<List<String>> values = new ArrayList<>();
        for (String name : HEADER_NAMES) {
            values.add(request.headerValues(name));
        }
        if (values.stream().allMatch(List::isEmpty)) {
            names = QUERY_NAMES;
            List<Map.Entry<String, String>> pairs = queryPairs(request.query(), true);
            values.clear();
            for (String name : QUERY_NAMES) {
                values.add(valuesOf(pairs, name));
            }
            if (values.stream().allMatch(List::isEmpty)) {
                throw new Rejection("missing-auth", "no X-App-Key/X-App-Signature/X-Timestamp, no signa");
            }
        }
        List<String> found = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            found.add(single(values.get(i), names.get(i)));
        }
        for (int i = 0; i < names.size(); i++) {
            if (found.get(i) == null) {
                throw new Rejection("malformed-auth", "no " + names.get(i));
            }
        }
        return found;
    }

    /**
     * Accept the request (return) or throw a Rejection; checks in this order: the three values
     * present once each, a non-empty signature, app id known, the timestamp (UNIX seconds) within
     * the window, signature.
     */
    public static void verify(Request request, Map<String, String> credentials, Settings server) throws Rejection {
        List<String> auth = receivedAuth(request);
        String appId = auth.get(0);
        String ts = auth.get(1);
        String signature = auth.get(2);
        if (signature.isEmpty()) {
            throw new Rejection("malformed-auth", "the signature is empty");
        }
        String secret = lookupSecret(credentials, appId, "app id");
        if (!isDigits(ts, MAX_TIMESTAMP_DIGITS)) {
            throw new Rejection("malformed-auth", "timestamp '" + ts + "': expected UNIX seconds");
        }
        checkWindow(Long.parseLong(ts), server.now, server.iflytekSkewSeconds, "the timestamp");
        String expected = base64(Iflytek.hmacSha1(secret, Iflytek.md5Hex(Iflytek.baseString(appId, ts))));
        if (!sameSignature(expected, signature)) {
            throw new Rejection("signature-mismatch", "the signature differs from the server's");
        }
    }
}
