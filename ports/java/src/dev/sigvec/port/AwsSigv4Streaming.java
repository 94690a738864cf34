package dev.sigvec.port;

import static dev.sigvec.port.Encoding.asciiLower;
import static dev.sigvec.port.Encoding.asciiStrip;
import static dev.sigvec.port.Encoding.hex;
import static dev.sigvec.port.Encoding.sha256Hex;
import static dev.sigvec.port.Encoding.utf8;
import static dev.sigvec.port.VectorInput.optBool;
import static dev.sigvec.port.VectorInput.optLong;
import static dev.sigvec.port.VectorInput.optStr;
import static dev.sigvec.port.VectorInput.str;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * AWS SigV4 streaming upload ({@code Content-Encoding: aws-chunked}, S3): a seed signature over
 * the headers (SigV4 with S3's path rules), then one signature per chunk, each chained to the
 * previous one, the final empty chunk included; optionally a trailing header (a checksum) signed
 * after the final chunk.
 */
public final class AwsSigv4Streaming {
    public static final String SCHEME = "aws-sigv4-streaming";
    public static final List<String> STEPS = List.of(
            "canonical_uri", "canonical_query_string", "canonical_headers", "signed_headers",
            "hashed_payload", "canonical_request", "credential_scope", "hashed_canonical_request",
            "string_to_sign", "k_signing_hex", "chunk_strings_to_sign", "chunk_signatures",
            "trailer_string_to_sign", "trailer_signature");
    public static final String PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    public static final String PAYLOAD_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    public static final String CHUNK_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD";
    public static final String TRAILER_ALGORITHM = "AWS4-HMAC-SHA256-TRAILER";
    public static final int DEFAULT_CHUNK_SIZE = 65536;
    public static final String DEFAULT_SERVICE = "s3";

    /** Headers the signer sets itself (lower-case). */
    public static final Set<String> SIGNER_HEADERS = Set.of("authorization", "content-encoding", "content-length",
            "x-amz-content-sha256", "x-amz-date", "x-amz-decoded-content-length", "x-amz-trailer",
            "x-amz-security-token");

    private static final String EMPTY_SHA256 = sha256Hex(new byte[0]);
    private static final String CHUNK_SIGNATURE = ";chunk-signature=";
    private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature:";
    private static final String CRLF = "\r\n";
    /** Stands in for the signatures while the body is framed to measure it. */
    private static final String PLACEHOLDER_SIGNATURE = "0".repeat(64);

    private AwsSigv4Streaming() {}

    /**
     * A streaming upload to sign.
     *
     * @param trailer the trailing headers in order; null for the variant without trailer
     * @param sessionToken null when there is none
     */
    public record Request(String method, String path, String query, List<AwsSigV4.Header> headers, byte[] payload,
            int chunkSize, List<AwsSigV4.Header> trailer, boolean signContentLength, String accessKeyId,
            String secretAccessKey, String sessionToken, String region, String service, String timestamp) {}

    /** The seed's payload hash: a literal naming the variant, not a hash. */
    public static String hashedPayload(boolean withTrailer) {
        return withTrailer ? PAYLOAD_TRAILER : PAYLOAD;
    }

    /** The payload in {@code chunkSize} pieces (the last may be shorter), then the final empty chunk. */
    public static List<byte[]> chunks(byte[] payload, int chunkSize) {
        List<byte[]> chunks = new ArrayList<>();
        for (int start = 0; start < payload.length; start += chunkSize) {
            chunks.add(Arrays.copyOfRange(payload, start, Math.min(payload.length, start + chunkSize)));
        }
        chunks.add(new byte[0]);
        return chunks;
    }

    /** {@code previousSignature} is the seed signature for the first chunk, else the previous chunk's. */
    public static String chunkStringToSign(String timestamp, String credentialScope, String previousSignature,
            byte[] chunk) {
        return CHUNK_ALGORITHM + "\n" + timestamp + "\n" + credentialScope + "\n" + previousSignature + "\n"
                + EMPTY_SHA256 + "\n" + sha256Hex(chunk);
    }

    /** {@code <hex size>;chunk-signature=<signature>}: lower-case hex, no leading zeros, "0" for the final chunk. */
    public static String chunkHeader(int size, String signature) {
        return Integer.toHexString(size) + CHUNK_SIGNATURE + signature;
    }

    /** {@code lower(name):trimmed value\n} for each trailing header, in the given order. */
    public static String canonicalTrailer(List<AwsSigV4.Header> trailer) {
        return trailer.stream().map(h -> asciiLower(asciiStrip(h.name())) + ":" + asciiStrip(h.value()) + "\n")
                .collect(Collectors.joining());
    }

    public static String trailerStringToSign(String timestamp, String credentialScope, String finalChunkSignature,
            String canonicalTrailer) {
        return TRAILER_ALGORITHM + "\n" + timestamp + "\n" + credentialScope + "\n" + finalChunkSignature + "\n"
                + sha256Hex(canonicalTrailer);
    }

    /** The {@code X-Amz-Trailer} value: the trailing header names, lower-cased, joined by {@code ,}. */
    public static String trailerNames(List<AwsSigV4.Header> trailer) {
        return trailer.stream().map(h -> asciiLower(asciiStrip(h.name()))).collect(Collectors.joining(","));
    }

    /** What each trailing header puts on the wire after the final chunk: {@code name:value\r\n}. */
    private static String trailerLines(List<AwsSigV4.Header> trailer) {
        return trailer.stream().map(h -> h.name() + ":" + h.value() + CRLF).collect(Collectors.joining());
    }

    /**
     * The encoded body's length ({@code Content-Length}), known before any chunk is signed: the
     * chunks framed with a placeholder, since every signature is 64 hex digits.
     */
    public static long encodedLength(List<byte[]> chunks, List<AwsSigV4.Header> trailer) {
        List<String> headers = chunks.stream().map(chunk -> chunkHeader(chunk.length, PLACEHOLDER_SIGNATURE)).toList();
        return encodedBody(chunks, headers, trailer, PLACEHOLDER_SIGNATURE).length;
    }

    /**
     * Each chunk as {@code header\r\ndata\r\n}; the final (empty) one carries the trailer lines and
     * the trailer signature, if any, before its closing empty line.
     */
    public static byte[] encodedBody(List<byte[]> chunks, List<String> chunkHeaders, List<AwsSigV4.Header> trailer,
            String trailerSignature) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < chunks.size(); i++) {
            body.writeBytes(utf8(chunkHeaders.get(i) + CRLF));
            body.writeBytes(chunks.get(i));
            if (trailer != null && i == chunks.size() - 1) {
                body.writeBytes(utf8(trailerLines(trailer) + TRAILER_SIGNATURE + trailerSignature + CRLF));
            }
            body.writeBytes(utf8(CRLF));
        }
        return body.toByteArray();
    }

    /** Sign one vector input (fields as in vectors/schema/aws-sigv4-streaming.schema.json). */
    public static Signed run(JsonObject in) {
        long chunkSize = optLong(in, "chunk_size", DEFAULT_CHUNK_SIZE);
        if (chunkSize < 1 || chunkSize > Integer.MAX_VALUE) {
            throw new InputException("input.chunk_size", "expected an integer from 1 to " + Integer.MAX_VALUE);
        }
        List<AwsSigV4.Header> trailer = null;
        if (in.has("trailer")) {
            trailer = AwsSigV4.headers(in, "trailer");
            if (trailer.isEmpty()) {
                throw new InputException("input.trailer", "expected at least one [name, value] pair");
            }
        }
        return sign(new Request(str(in, "method"), str(in, "path"), optStr(in, "query", ""),
                AwsSigV4.headers(in, "headers"), VectorInput.body(in), (int) chunkSize, trailer,
                optBool(in, "sign_content_length", true), str(in, "access_key_id"), str(in, "secret_access_key"),
                optStr(in, "session_token", null), str(in, "region"), optStr(in, "service", DEFAULT_SERVICE),
                str(in, "timestamp")));
    }

    public static Signed sign(Request in) {
        String stamp = in.timestamp();
        AwsSigV4.checkTimestamp(stamp);
        if (!in.method().equals("PUT") && !in.method().equals("POST")) {
            throw new InputException("input.method", "expected PUT or POST, got '" + in.method() + "'");
        }
        for (AwsSigV4.Header header : in.headers()) {
            if (SIGNER_HEADERS.contains(asciiLower(asciiStrip(header.name())))) {
                throw new InputException("input.headers", "'" + header.name() + "' is set by the signer; leave it out");
            }
        }
        boolean withTrailer = in.trailer() != null;
        String payloadHash = hashedPayload(withTrailer);
        String date = stamp.substring(0, 8);
        String scope = AwsSigV4.credentialScope(date, in.region(), in.service());

        List<byte[]> chunks = chunks(in.payload(), in.chunkSize());

        // Headers the signer adds, in the order they are sent.
        Map<String, Object> added = new LinkedHashMap<>();
        added.put("Content-Encoding", "aws-chunked");
        added.put("Content-Length", Long.toString(encodedLength(chunks, in.trailer())));
        added.put("X-Amz-Content-Sha256", payloadHash);
        added.put("X-Amz-Date", stamp);
        added.put("X-Amz-Decoded-Content-Length", Integer.toString(in.payload().length));
        if (withTrailer) {
            added.put("X-Amz-Trailer", trailerNames(in.trailer()));
        }
        if (in.sessionToken() != null) {
            added.put("X-Amz-Security-Token", in.sessionToken());
        }
        List<AwsSigV4.Header> toCanonicalize = new ArrayList<>(in.headers());
        added.forEach((name, value) -> {
            if (!name.equals("Content-Length") || in.signContentLength()) {
                toCanonicalize.add(new AwsSigV4.Header(name, (String) value));
            }
        });
        AwsSigV4.CanonicalHeaders headers = AwsSigV4.canonicalHeaders(toCanonicalize);
        String uri = AwsSigV4.canonicalUri(in.path(), false, false);
        String query = AwsSigV4.canonicalQueryString(in.query());
        String creq = AwsSigV4.canonicalRequest(in.method(), uri, query, headers.canonical(), headers.signed(),
                payloadHash);
        String creqHash = sha256Hex(creq);
        String toSign = AwsSigV4.stringToSign(stamp, scope, creqHash);
        byte[] key = AwsSigV4.signingKey(in.secretAccessKey(), date, in.region(), in.service());
        String seed = AwsSigV4.signature(key, toSign);

        List<String> chunkStrings = new ArrayList<>();
        List<String> chunkSignatures = new ArrayList<>();
        List<String> chunkHeaders = new ArrayList<>();
        String previous = seed;
        for (byte[] chunk : chunks) {
            String chunkToSign = chunkStringToSign(stamp, scope, previous, chunk);
            previous = AwsSigV4.signature(key, chunkToSign);
            chunkStrings.add(chunkToSign);
            chunkSignatures.add(previous);
            chunkHeaders.add(chunkHeader(chunk.length, previous));
        }
        String trailerToSign = null;
        String trailerSignature = null;
        if (withTrailer) {
            trailerToSign = trailerStringToSign(stamp, scope, previous, canonicalTrailer(in.trailer()));
            trailerSignature = AwsSigV4.signature(key, trailerToSign);
        }
        byte[] body = encodedBody(chunks, chunkHeaders, in.trailer(), trailerSignature);
        String authorization = AwsSigV4.authorization(in.accessKeyId(), scope, headers.signed(), seed);
        added.put("Authorization", authorization);

        Map<String, Object> steps = new LinkedHashMap<>();
        steps.put("canonical_uri", uri);
        steps.put("canonical_query_string", query);
        steps.put("canonical_headers", headers.canonical());
        steps.put("signed_headers", headers.signed());
        steps.put("hashed_payload", payloadHash);
        steps.put("canonical_request", creq);
        steps.put("credential_scope", scope);
        steps.put("hashed_canonical_request", creqHash);
        steps.put("string_to_sign", toSign);
        steps.put("k_signing_hex", hex(key));
        steps.put("chunk_strings_to_sign", chunkStrings);
        steps.put("chunk_signatures", chunkSignatures);
        if (withTrailer) {
            steps.put("trailer_string_to_sign", trailerToSign);
            steps.put("trailer_signature", trailerSignature);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("signature", seed);
        output.put("authorization", authorization);
        output.put("headers", added);
        output.put("chunk_headers", chunkHeaders);
        output.put("encoded_body_sha256", sha256Hex(body));
        return new Signed(steps, output);
    }
}
