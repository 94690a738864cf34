@file:JvmName("TencentTc3")

package dev.sigvec.port

import com.google.gson.JsonObject
import java.time.Instant
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter

// Tencent Cloud API 3.0 signature, TC3-HMAC-SHA256.

const val TC3_ALGORITHM = "TC3-HMAC-SHA256"
const val TC3_DEFAULT_CONTENT_TYPE = "application/json; charset=utf-8"
val TC3_DEFAULT_SIGNED_HEADERS = listOf("content-type", "host")

const val TC3_SCHEME = "tencent-tc3"

val TC3_STEPS = listOf(
    "hashed_request_payload", "canonical_headers", "signed_headers", "canonical_request", "date",
    "credential_scope", "hashed_canonical_request", "string_to_sign",
    "secret_date_hex", "secret_service_hex", "secret_signing_hex"
)

/** A request to sign; the defaults are the spec's defaults for absent optional fields. */
data class TencentRequest(
    val secretId: String,
    val secretKey: String,
    val service: String,
    val host: String,
    val action: String,
    val version: String,
    /** UNIX seconds */
    val timestamp: Long,
    val method: String,
    /** the exact body sent; "" for GET */
    val payload: String,
    /** the canonical query string for GET; "" for POST */
    val query: String,
    val contentType: String = TC3_DEFAULT_CONTENT_TYPE,
    /** not sent when null or empty */
    val region: String? = null,
    /** not sent when null or empty */
    val token: String? = null,
    /** lower-case names of the headers to sign */
    val signedHeaders: List<String> = TC3_DEFAULT_SIGNED_HEADERS
)

fun hashedRequestPayload(payload: String): String = sha256Hex(payload)

/** The value of every header the scheme can sign, keyed by lower-case name. */
fun headerValues(request: TencentRequest): Map<String, String> = with(request) {
    linkedMapOf(
        "content-type" to contentType,
        "host" to host,
        "x-tc-action" to action,
        "x-tc-timestamp" to timestamp.toString(),
        "x-tc-version" to version
    ).apply {
        if (!region.isNullOrEmpty()) put("x-tc-region", region)
        if (!token.isNullOrEmpty()) put("x-tc-token", token)
    }
}

/**
 * `name:value\n` per signed header, in the given (sorted) order. Tencent lower-cases (ASCII) and
 * trims the header VALUES too, so x-tc-action carries the action in lower case.
 */
fun canonicalHeaders(sortedNames: List<String>, values: Map<String, String>): String =
    sortedNames.joinToString("") { name -> "$name:${values.getValue(name).asciiTrim().asciiLowercase()}\n" }

fun signedHeaders(sortedNames: List<String>): String = sortedNames.joinToString(";")

/** The canonical URI is always "/"; an empty query still leaves its (blank) line. */
fun canonicalRequest(
    method: String,
    query: String,
    canonicalHeaders: String,
    signedHeaders: String,
    hashedPayload: String
): String = listOf(method, "/", query, canonicalHeaders, signedHeaders, hashedPayload).joinToString("\n")

private val isoDate = DateTimeFormatter.ofPattern("uuuu-MM-dd")

/** The UTC date (YYYY-MM-DD) of the timestamp, whatever the local time zone. */
fun utcDate(timestamp: Long): String = Instant.ofEpochSecond(timestamp).atOffset(ZoneOffset.UTC).format(isoDate)

fun credentialScope(date: String, service: String): String = "$date/$service/tc3_request"

fun stringToSign(timestamp: Long, credentialScope: String, hashedCanonicalRequest: String): String =
    "$TC3_ALGORITHM\n$timestamp\n$credentialScope\n$hashedCanonicalRequest"

/** secret_date, secret_service, secret_signing, in that order; the last one signs. */
fun signingKeys(secretKey: String, date: String, service: String): List<ByteArray> {
    val secretDate = hmacSha256("TC3$secretKey".toByteArray(Charsets.UTF_8), date)
    val secretService = hmacSha256(secretDate, service)
    return listOf(secretDate, secretService, hmacSha256(secretService, "tc3_request"))
}

data class TencentSignature(
    val hashedRequestPayload: String,
    val canonicalHeaders: String,
    val signedHeaders: String,
    val canonicalRequest: String,
    val date: String,
    val credentialScope: String,
    val hashedCanonicalRequest: String,
    val stringToSign: String,
    val signingKeysHex: List<String>,
    val signature: String,
    val authorization: String,
    /** every header to send, Authorization included */
    val headers: Map<String, String>
) : Signed {
    override val intermediates: Map<String, String>
        get() = linkedMapOf(
            "hashed_request_payload" to hashedRequestPayload,
            "canonical_headers" to canonicalHeaders,
            "signed_headers" to signedHeaders,
            "canonical_request" to canonicalRequest,
            "date" to date,
            "credential_scope" to credentialScope,
            "hashed_canonical_request" to hashedCanonicalRequest,
            "string_to_sign" to stringToSign
        ) + listOf("secret_date_hex", "secret_service_hex", "secret_signing_hex").zip(signingKeysHex)

    override val output: Map<String, Any>
        get() = linkedMapOf("signature" to signature, "authorization" to authorization, "headers" to headers)
}

fun signTencentTc3(request: TencentRequest): TencentSignature = with(request) {
    val values = headerValues(request)
    val names = signedHeaders.sorted()
    names.firstOrNull { it !in values }?.let {
        throw InputException("signed_headers", "names '$it', but the input has no value")
    }
    val payloadHash = hashedRequestPayload(payload)
    val canonical = canonicalHeaders(names, values)
    val signed = signedHeaders(names)
    val creq = canonicalRequest(method, query, canonical, signed, payloadHash)
    val date = utcDate(timestamp)
    val scope = credentialScope(date, service)
    val creqHash = sha256Hex(creq)
    val toSign = stringToSign(timestamp, scope, creqHash)
    val keys = signingKeys(secretKey, date, service)
    val signature = hmacSha256(keys.last(), toSign).toHex()
    val authorization = "$TC3_ALGORITHM Credential=$secretId/$scope, SignedHeaders=$signed, Signature=$signature"
    val sent = linkedMapOf(
        "Authorization" to authorization,
        "Content-Type" to contentType,
        "Host" to host,
        "X-TC-Action" to action,
        "X-TC-Timestamp" to timestamp.toString(),
        "X-TC-Version" to version
    )
    values["x-tc-region"]?.let { sent["X-TC-Region"] = it }
    values["x-tc-token"]?.let { sent["X-TC-Token"] = it }
    TencentSignature(
        payloadHash, canonical, signed, creq, date, scope, creqHash, toSign,
        keys.map { it.toHex() }, signature, authorization, sent
    )
}

/** Sign one vector input (fields as in vectors/schema/tencent-tc3.schema.json). */
fun runTencentTc3(input: JsonObject): Signed = signTencentTc3(input.toTencentRequest())

/** The [TencentRequest] of one vector input, with the documented defaults. */
fun JsonObject.toTencentRequest() = TencentRequest(
    secretId = string("secret_id"),
    secretKey = string("secret_key"),
    service = string("service"),
    host = string("host"),
    action = string("action"),
    version = string("version"),
    timestamp = optLong("timestamp") ?: throw InputException("input.timestamp", "required"),
    method = string("method"),
    payload = string("payload"),
    query = string("query"),
    contentType = optString("content_type") ?: TC3_DEFAULT_CONTENT_TYPE,
    region = optString("region"),
    token = optString("token"),
    signedHeaders = if (has("signed_headers")) strings("signed_headers") else TC3_DEFAULT_SIGNED_HEADERS
)
