package dev.sigvec.port

import com.google.gson.JsonObject
import java.io.ByteArrayOutputStream

// AWS SigV4 streaming upload (Content-Encoding: aws-chunked, S3): a seed signature over the
// headers (SigV4 with S3's path rules), then one signature per chunk, each chained to the previous
// one, the final empty chunk included; optionally a trailing header (a checksum) signed after the
// final chunk.

object AwsSigv4Streaming {
    const val SCHEME = "aws-sigv4-streaming"
    val STEPS = listOf(
        "canonical_uri", "canonical_query_string", "canonical_headers", "signed_headers", "hashed_payload",
        "canonical_request", "credential_scope", "hashed_canonical_request", "string_to_sign", "k_signing_hex",
        "chunk_strings_to_sign", "chunk_signatures", "trailer_string_to_sign", "trailer_signature"
    )
    const val PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
    const val PAYLOAD_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
    const val CHUNK_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD"
    const val TRAILER_ALGORITHM = "AWS4-HMAC-SHA256-TRAILER"
    const val DEFAULT_CHUNK_SIZE = 65536

    /** Headers the signer sets itself (lower-case). */
    val SIGNER_HEADERS = setOf(
        "authorization", "content-encoding", "content-length", "x-amz-content-sha256", "x-amz-date",
        "x-amz-decoded-content-length", "x-amz-trailer", "x-amz-security-token"
    )

    private val EMPTY_SHA256 = sha256Hex(ByteArray(0))
    private const val CHUNK_SIGNATURE = ";chunk-signature="
    private const val TRAILER_SIGNATURE = "x-amz-trailer-signature:"
    private const val CRLF = "\r\n"
    /** Stands in for the signatures while the body is framed to measure it. */
    private val PLACEHOLDER_SIGNATURE = "0".repeat(64)

    /** A streaming upload to sign; the defaults are the spec's defaults for absent optional fields. */
    data class Request(
        val method: String,
        /** exactly as on the wire */
        val path: String,
        /** `[name, value]` pairs in sent order, Host included, without the headers the signer adds */
        val headers: List<Pair<String, String>>,
        val accessKeyId: String,
        val secretAccessKey: String,
        val region: String,
        /** `YYYYMMDDTHHMMSSZ`, UTC */
        val timestamp: String,
        val service: String = "s3",
        /** the raw query as sent, without `?` */
        val query: String = "",
        /** the decoded payload */
        val payload: ByteArray = ByteArray(0),
        val chunkSize: Int = DEFAULT_CHUNK_SIZE,
        /** the trailing headers in order; null for the variant without trailer */
        val trailer: List<Pair<String, String>>? = null,
        /** Content-Length is always sent; signed only when true */
        val signContentLength: Boolean = true,
        val sessionToken: String? = null
    )

    /** The seed's payload hash: a literal naming the variant, not a hash. */
    fun hashedPayload(withTrailer: Boolean): String = if (withTrailer) PAYLOAD_TRAILER else PAYLOAD

    /** The payload in [chunkSize] pieces (the last may be shorter), then the final empty chunk. */
    fun chunks(payload: ByteArray, chunkSize: Int): List<ByteArray> =
        (payload.indices step chunkSize).map { payload.copyOfRange(it, minOf(payload.size, it + chunkSize)) } +
            listOf(ByteArray(0))

    /** [previousSignature] is the seed signature for the first chunk, else the previous chunk's. */
    fun chunkStringToSign(timestamp: String, credentialScope: String, previousSignature: String, chunk: ByteArray): String =
        "$CHUNK_ALGORITHM\n$timestamp\n$credentialScope\n$previousSignature\n$EMPTY_SHA256\n${sha256Hex(chunk)}"

    /** `<hex size>;chunk-signature=<signature>`: lower-case hex, no leading zeros, "0" for the final chunk. */
    fun chunkHeader(size: Int, signature: String): String = Integer.toHexString(size) + CHUNK_SIGNATURE + signature

    /** `lower(name):trimmed value\n` for each trailing header, in the given order. */
    fun canonicalTrailer(trailer: List<Pair<String, String>>): String =
        trailer.joinToString("") { (name, value) -> "${name.asciiTrim().asciiLowercase()}:${value.asciiTrim()}\n" }

    fun trailerStringToSign(timestamp: String, credentialScope: String, finalChunkSignature: String, canonicalTrailer: String): String =
        "$TRAILER_ALGORITHM\n$timestamp\n$credentialScope\n$finalChunkSignature\n${sha256Hex(canonicalTrailer)}"

    /** The `X-Amz-Trailer` value: the trailing header names, lower-cased, joined by `,`. */
    fun trailerNames(trailer: List<Pair<String, String>>): String =
        trailer.joinToString(",") { (name, _) -> name.asciiTrim().asciiLowercase() }

    /** What each trailing header puts on the wire after the final chunk: `name:value\r\n`. */
    private fun trailerLines(trailer: List<Pair<String, String>>): String =
        trailer.joinToString("") { (name, value) -> "$name:$value$CRLF" }

    /**
     * The encoded body's length (`Content-Length`), known before any chunk is signed: the chunks
     * framed with a placeholder, since every signature is 64 hex digits.
     */
    fun encodedLength(chunks: List<ByteArray>, trailer: List<Pair<String, String>>?): Long =
        encodedBody(chunks, chunks.map { chunkHeader(it.size, PLACEHOLDER_SIGNATURE) }, trailer, PLACEHOLDER_SIGNATURE)
            .size.toLong()

    /**
     * Each chunk as `header\r\ndata\r\n`; the final (empty) one carries the trailer lines and the
     * trailer signature, if any, before its closing empty line.
     */
    fun encodedBody(
        chunks: List<ByteArray>,
        chunkHeaders: List<String>,
        trailer: List<Pair<String, String>>?,
        trailerSignature: String?
    ): ByteArray {
        val body = ByteArrayOutputStream()
        for ((i, chunk) in chunks.withIndex()) {
            body.write("${chunkHeaders[i]}$CRLF".toByteArray(Charsets.UTF_8))
            body.write(chunk)
            if (trailer != null && i == chunks.lastIndex) {
                body.write("${trailerLines(trailer)}$TRAILER_SIGNATURE$trailerSignature$CRLF".toByteArray(Charsets.UTF_8))
            }
            body.write(CRLF.toByteArray(Charsets.UTF_8))
        }
        return body.toByteArray()
    }

    data class Signature(
        val canonicalUri: String,
        val canonicalQueryString: String,
        val canonicalHeaders: String,
        val signedHeaders: String,
        val hashedPayload: String,
        val canonicalRequest: String,
        val credentialScope: String,
        val hashedCanonicalRequest: String,
        val stringToSign: String,
        val signingKeyHex: String,
        val chunkStringsToSign: List<String>,
        val chunkSignatures: List<String>,
        /** trailer variant only */
        val trailerStringToSign: String?,
        /** trailer variant only */
        val trailerSignature: String?,
        /** the seed signature */
        val signature: String,
        val authorization: String,
        /** the headers the signer adds, Authorization included */
        val headers: Map<String, String>,
        val chunkHeaders: List<String>,
        val encodedBodySha256: String
    ) : Signed {
        override val intermediates: Map<String, Any>
            get() = linkedMapOf<String, Any>(
                "canonical_uri" to canonicalUri,
                "canonical_query_string" to canonicalQueryString,
                "canonical_headers" to canonicalHeaders,
                "signed_headers" to signedHeaders,
                "hashed_payload" to hashedPayload,
                "canonical_request" to canonicalRequest,
                "credential_scope" to credentialScope,
                "hashed_canonical_request" to hashedCanonicalRequest,
                "string_to_sign" to stringToSign,
                "k_signing_hex" to signingKeyHex,
                "chunk_strings_to_sign" to chunkStringsToSign,
                "chunk_signatures" to chunkSignatures
            ).apply {
                trailerStringToSign?.let { put("trailer_string_to_sign", it) }
                trailerSignature?.let { put("trailer_signature", it) }
            }
        override val output: Map<String, Any>
            get() = linkedMapOf(
                "signature" to signature,
                "authorization" to authorization,
                "headers" to headers,
                "chunk_headers" to chunkHeaders,
                "encoded_body_sha256" to encodedBodySha256
            )
    }

    fun sign(request: Request): Signature = with(request) {
        checkAwsTimestamp(timestamp)
        if (method != "PUT" && method != "POST") throw InputException("input.method", "expected PUT or POST, got '$method'")
        headers.firstOrNull { (name, _) -> name.asciiTrim().asciiLowercase() in SIGNER_HEADERS }?.let { (name, _) ->
            throw InputException("input.headers", "'$name' is set by the signer; leave it out")
        }
        val payloadHash = hashedPayload(trailer != null)
        val date = timestamp.substring(0, 8)
        val scope = credentialScope(date, region, service)

        val pieces = chunks(payload, chunkSize)

        // Headers the signer adds, in the order they are sent.
        val added = linkedMapOf(
            "Content-Encoding" to "aws-chunked",
            "Content-Length" to encodedLength(pieces, trailer).toString(),
            "X-Amz-Content-Sha256" to payloadHash,
            "X-Amz-Date" to timestamp,
            "X-Amz-Decoded-Content-Length" to payload.size.toString()
        )
        if (trailer != null) added["X-Amz-Trailer"] = trailerNames(trailer)
        if (sessionToken != null) added["X-Amz-Security-Token"] = sessionToken
        val canonical = canonicalHeaders(headers + added.filterKeys { it != "Content-Length" || signContentLength }.toList())
        val uri = canonicalUri(path, normalize = false, doubleEncode = false)
        val queryString = canonicalQueryString(query)
        val creq = canonicalRequest(method, uri, queryString, canonical.canonical, canonical.signed, payloadHash)
        val creqHash = sha256Hex(creq)
        val toSign = stringToSign(timestamp, scope, creqHash)
        val key = signingKey(secretAccessKey, date, region, service)
        val seed = signature(key, toSign)

        val chunkStrings = mutableListOf<String>()
        val chunkSignatures = mutableListOf<String>()
        var previous = seed
        for (chunk in pieces) {
            val chunkToSign = chunkStringToSign(timestamp, scope, previous, chunk)
            previous = signature(key, chunkToSign)
            chunkStrings += chunkToSign
            chunkSignatures += previous
        }
        val chunkHeaders = pieces.zip(chunkSignatures) { chunk, signature -> chunkHeader(chunk.size, signature) }
        val trailerToSign = trailer?.let { trailerStringToSign(timestamp, scope, previous, canonicalTrailer(it)) }
        val trailerSignature = trailerToSign?.let { signature(key, it) }
        val body = encodedBody(pieces, chunkHeaders, trailer, trailerSignature)
        val authorization = authorization(accessKeyId, scope, canonical.signed, seed)
        added["Authorization"] = authorization
        Signature(
            uri, queryString, canonical.canonical, canonical.signed, payloadHash, creq, scope, creqHash, toSign,
            key.toHex(), chunkStrings, chunkSignatures, trailerToSign, trailerSignature, seed, authorization, added,
            chunkHeaders, sha256Hex(body)
        )
    }

    /** Sign one vector input (fields as in vectors/schema/aws-sigv4-streaming.schema.json). */
    fun run(input: JsonObject): Signed {
        val chunkSize = input.optLong("chunk_size") ?: DEFAULT_CHUNK_SIZE.toLong()
        if (chunkSize < 1 || chunkSize > Int.MAX_VALUE) {
            throw InputException("input.chunk_size", "expected an integer from 1 to ${Int.MAX_VALUE}")
        }
        val trailer = if (input.has("trailer")) input.pairs("trailer") else null
        if (trailer != null && trailer.isEmpty()) {
            throw InputException("input.trailer", "expected at least one [name, value] pair")
        }
        return sign(
            Request(
                method = input.string("method"),
                path = input.string("path"),
                headers = input.pairs("headers"),
                accessKeyId = input.string("access_key_id"),
                secretAccessKey = input.string("secret_access_key"),
                region = input.string("region"),
                timestamp = input.string("timestamp"),
                service = input.optString("service") ?: "s3",
                query = input.optString("query") ?: "",
                payload = input.body(),
                chunkSize = chunkSize.toInt(),
                trailer = trailer,
                signContentLength = input.optBoolean("sign_content_length") ?: true,
                sessionToken = input.optString("session_token")
            )
        )
    }
}
