@file:JvmName("AwsSigV4")

package dev.sigvec.port

import com.google.gson.JsonObject
import java.time.LocalDateTime
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException
import java.time.format.ResolverStyle
import java.util.TreeMap

// AWS Signature Version 4: canonical request, string to sign, derived key, HMAC-SHA256.

const val AWS_ALGORITHM = "AWS4-HMAC-SHA256"

const val AWS_SCHEME = "aws-sigv4"

val AWS_STEPS = listOf(
    "canonical_uri", "canonical_query_string", "canonical_headers", "signed_headers", "hashed_payload",
    "canonical_request", "credential_scope", "hashed_canonical_request", "string_to_sign",
    "k_date_hex", "k_region_hex", "k_service_hex", "k_signing_hex"
)

/** Headers the signer sets itself; a caller who also sends them would sign a stale copy. */
val AWS_SIGNER_HEADERS = setOf("x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "authorization")

/** The payload hash of a request whose body is not signed (S3 presigned URLs). */
const val UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"

enum class SignatureLocation { HEADER, QUERY }

/** A request to sign; the defaults are the spec's defaults for absent optional fields. */
data class AwsRequest(
    val method: String,
    /** exactly as on the wire */
    val path: String,
    /** `[name, value]` pairs in sent order, Host included */
    val headers: List<Pair<String, String>>,
    val accessKeyId: String,
    val secretAccessKey: String,
    val region: String,
    val service: String,
    /** `YYYYMMDDTHHMMSSZ`, UTC */
    val timestamp: String,
    /** the raw query as sent, without `?` */
    val query: String = "",
    val body: ByteArray = ByteArray(0),
    val sessionToken: String? = null,
    /** send the token but leave it out of the signature */
    val omitSessionToken: Boolean = false,
    val normalizePath: Boolean = true,
    /** false for S3 */
    val doubleEncodePath: Boolean = true,
    /** add and sign `x-amz-content-sha256` (header form) */
    val signBody: Boolean = false,
    /** sign [UNSIGNED_PAYLOAD] instead of the body's hash (S3 presigned URLs) */
    val unsignedPayload: Boolean = false,
    val signatureLocation: SignatureLocation = SignatureLocation.HEADER,
    val expiresIn: Long = 3600
)

/** RFC 3986 dot-segment removal that also collapses empty segments (`//`), as AWS does. */
fun normalizePath(path: String): String {
    if (path == "") return "/"
    val segments = mutableListOf<String>()
    for (segment in path.split('/')) {
        when (segment) {
            "", "." -> Unit
            ".." -> if (segments.isNotEmpty()) segments.removeAt(segments.lastIndex)
            else -> segments += segment
        }
    }
    val leading = if (path.startsWith("/")) "/" else ""
    val trailing = if (path.endsWith("/") && segments.isNotEmpty()) "/" else ""
    return leading + segments.joinToString("/") + trailing
}

/**
 * Encodes the path as sent. Non-S3 services encode it again (`%20` becomes `%2520`); S3
 * ([doubleEncode] false) keeps existing escapes and only encodes raw bytes.
 */
fun canonicalUri(path: String, normalize: Boolean = true, doubleEncode: Boolean = true): String {
    val normalized = (if (normalize) normalizePath(path) else path).ifEmpty { "/" }
    return percentEncode(normalized, keep = if (doubleEncode) "/" else "/%")
}

/**
 * Decodes each `key=value` as sent and re-encodes it strictly (`+` is a literal plus), adds the
 * [extra] (unencoded) pairs, and sorts by key then value. A key without `=` gets an empty value.
 */
fun canonicalQueryString(query: String, extra: List<Pair<String, String>> = emptyList()): String {
    val sent = query.split('&').filter { it.isNotEmpty() }.map { part ->
        val key = part.substringBefore('=')
        val value = part.substringAfter('=', missingDelimiterValue = "")
        percentEncode(percentDecode(key)) to percentEncode(percentDecode(value))
    }
    val added = extra.map { (key, value) -> percentEncode(key) to percentEncode(value) }
    // Everything is ASCII once encoded, so String order is byte order.
    return (sent + added).sortedWith(compareBy({ it.first }, { it.second }))
        .joinToString("&") { (key, value) -> "$key=$value" }
}

data class CanonicalHeaders(val canonical: String, val signed: String)

private val whitespaceRun = Regex("[ \t\r\n]+")

/**
 * Lower-cases (ASCII) names; trims values (ASCII whitespace) and folds their inner whitespace runs
 * (folded lines too) to one space; joins repeated names with `,` in sent order; sorts by name.
 */
fun canonicalHeaders(headers: List<Pair<String, String>>): CanonicalHeaders {
    val merged = TreeMap<String, MutableList<String>>(utf8Order)
    for ((name, value) in headers) {
        merged.getOrPut(name.asciiTrim().asciiLowercase()) { mutableListOf() } +=
            value.replace(whitespaceRun, " ").asciiTrim()
    }
    return CanonicalHeaders(
        canonical = merged.entries.joinToString("") { (name, values) -> "$name:${values.joinToString(",")}\n" },
        signed = merged.keys.joinToString(";")
    )
}

fun hashedPayload(body: ByteArray): String = sha256Hex(body)

fun credentialScope(date: String, region: String, service: String): String = "$date/$region/$service/aws4_request"

/** `canonicalHeaders` ends in `\n`, so a blank line follows it. */
fun canonicalRequest(
    method: String,
    canonicalUri: String,
    canonicalQueryString: String,
    canonicalHeaders: String,
    signedHeaders: String,
    hashedPayload: String
): String = listOf(method, canonicalUri, canonicalQueryString, canonicalHeaders, signedHeaders, hashedPayload)
    .joinToString("\n")

fun stringToSign(timestamp: String, credentialScope: String, hashedCanonicalRequest: String): String =
    "$AWS_ALGORITHM\n$timestamp\n$credentialScope\n$hashedCanonicalRequest"

/** kDate, kRegion, kService, kSigning, in that order; the last one signs. */
fun signingKeys(secretAccessKey: String, date: String, region: String, service: String): List<ByteArray> {
    val kDate = hmacSha256("AWS4$secretAccessKey".toByteArray(Charsets.UTF_8), date)
    val kRegion = hmacSha256(kDate, region)
    val kService = hmacSha256(kRegion, service)
    return listOf(kDate, kRegion, kService, hmacSha256(kService, "aws4_request"))
}

fun signingKey(secretAccessKey: String, date: String, region: String, service: String): ByteArray =
    signingKeys(secretAccessKey, date, region, service).last()

/** Lower-case hex HMAC-SHA256 of the string to sign. */
fun signature(signingKey: ByteArray, stringToSign: String): String = hmacSha256(signingKey, stringToSign).toHex()

data class AwsSignature(
    val canonicalUri: String,
    val canonicalQueryString: String,
    val canonicalHeaders: String,
    val signedHeaders: String,
    val hashedPayload: String,
    val canonicalRequest: String,
    val credentialScope: String,
    val hashedCanonicalRequest: String,
    val stringToSign: String,
    val signingKeysHex: List<String>,
    val signature: String,
    /** header form only */
    val authorization: String?,
    /** query form only: the query to send */
    val signedQuery: String?,
    /** the headers the signer adds (Authorization included in header form) */
    val headers: Map<String, String>
) : Signed {
    override val intermediates: Map<String, String>
        get() = linkedMapOf(
            "canonical_uri" to canonicalUri,
            "canonical_query_string" to canonicalQueryString,
            "canonical_headers" to canonicalHeaders,
            "signed_headers" to signedHeaders,
            "hashed_payload" to hashedPayload,
            "canonical_request" to canonicalRequest,
            "credential_scope" to credentialScope,
            "hashed_canonical_request" to hashedCanonicalRequest,
            "string_to_sign" to stringToSign
        ) + listOf("k_date_hex", "k_region_hex", "k_service_hex", "k_signing_hex").zip(signingKeysHex)

    override val output: Map<String, Any>
        get() = linkedMapOf<String, Any>("signature" to signature).apply {
            authorization?.let { put("authorization", it) }
            signedQuery?.let { put("signed_query", it) }
            put("headers", headers)
        }
}

private val awsTimestamp = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT)

/** Refuses a timestamp that is not a real `YYYYMMDDTHHMMSSZ` time. */
internal fun checkAwsTimestamp(timestamp: String) {
    try {
        LocalDateTime.parse(timestamp, awsTimestamp)
    } catch (e: DateTimeParseException) {
        throw InputException("timestamp", "'$timestamp' is not a real YYYYMMDDTHHMMSSZ time")
    }
}

/** The `Authorization` header: comma AND space between the parts. */
fun authorization(accessKeyId: String, credentialScope: String, signedHeaders: String, signature: String): String =
    "$AWS_ALGORITHM Credential=$accessKeyId/$credentialScope, SignedHeaders=$signedHeaders, Signature=$signature"

fun signAwsSigV4(request: AwsRequest): AwsSignature = with(request) {
    checkAwsTimestamp(timestamp)
    headers.firstOrNull { (name, _) -> name.asciiTrim().asciiLowercase() in AWS_SIGNER_HEADERS }?.let { (name, _) ->
        throw InputException("headers", "'$name' is set by the signer; leave it out of headers")
    }
    val presign = signatureLocation == SignatureLocation.QUERY
    val token = sessionToken?.takeIf { it.isNotEmpty() }
    val signToken = token != null && !omitSessionToken
    val payloadHash = if (unsignedPayload) UNSIGNED_PAYLOAD else hashedPayload(body)
    val date = timestamp.substring(0, 8)
    val scope = credentialScope(date, region, service)

    // Headers the signer adds (header form), in the order they are sent.
    val added = linkedMapOf<String, String>()
    if (!presign) {
        added["X-Amz-Date"] = timestamp
        if (token != null) added["X-Amz-Security-Token"] = token
        if (signBody) added["x-amz-content-sha256"] = payloadHash
    }
    val canonical = canonicalHeaders(
        headers + added.filterKeys { it != "X-Amz-Security-Token" || signToken }.toList()
    )

    val extra = if (!presign) emptyList() else listOfNotNull(
        "X-Amz-Algorithm" to AWS_ALGORITHM,
        "X-Amz-Credential" to "$accessKeyId/$scope",
        "X-Amz-Date" to timestamp,
        "X-Amz-Expires" to expiresIn.toString(),
        "X-Amz-SignedHeaders" to canonical.signed,
        if (signToken) "X-Amz-Security-Token" to token!! else null
    )
    val queryString = canonicalQueryString(query, extra)
    val uri = canonicalUri(path, normalizePath, doubleEncodePath)
    val creq = canonicalRequest(method, uri, queryString, canonical.canonical, canonical.signed, payloadHash)
    val creqHash = sha256Hex(creq)
    val toSign = stringToSign(timestamp, scope, creqHash)
    val keys = signingKeys(secretAccessKey, date, region, service)
    val signature = signature(keys.last(), toSign)

    var authorization: String? = null
    var signedQuery: String? = null
    if (presign) {
        signedQuery = "$queryString&X-Amz-Signature=$signature" +
            // sent, but not signed: appended after the signature
            if (token != null && !signToken) "&X-Amz-Security-Token=${percentEncode(token)}" else ""
    } else {
        authorization = authorization(accessKeyId, scope, canonical.signed, signature)
        added["Authorization"] = authorization
    }
    AwsSignature(
        uri, queryString, canonical.canonical, canonical.signed, payloadHash, creq, scope, creqHash, toSign,
        keys.map { it.toHex() }, signature, authorization, signedQuery, added
    )
}

/** Sign one vector input (fields as in vectors/schema/aws-sigv4.schema.json). */
fun runAwsSigV4(input: JsonObject): Signed = signAwsSigV4(input.toAwsRequest())

/** The [AwsRequest] of one vector input, with the documented defaults. */
fun JsonObject.toAwsRequest(): AwsRequest {
    val headers = pairs("headers")
    val location = when (val value = optString("signature_location")) {
        null, "header" -> SignatureLocation.HEADER
        "query" -> SignatureLocation.QUERY
        else -> throw InputException("input.signature_location", "expected 'header' or 'query', got '$value'")
    }
    return AwsRequest(
        method = string("method"),
        path = string("path"),
        headers = headers,
        accessKeyId = string("access_key_id"),
        secretAccessKey = string("secret_access_key"),
        region = string("region"),
        service = string("service"),
        timestamp = string("timestamp"),
        query = optString("query") ?: "",
        body = body(),
        sessionToken = optString("session_token"),
        omitSessionToken = optBoolean("omit_session_token") ?: false,
        normalizePath = optBoolean("normalize_path") ?: true,
        doubleEncodePath = optBoolean("double_encode_path") ?: true,
        signBody = optBoolean("sign_body") ?: false,
        unsignedPayload = optBoolean("unsigned_payload") ?: false,
        signatureLocation = location,
        expiresIn = optLong("expires_in") ?: 3600
    )
}
