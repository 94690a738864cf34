package dev.sigvec.port

import com.google.gson.JsonObject
import java.util.SortedMap

// Alibaba Cloud V3 signature (ACS3-HMAC-SHA256): a canonical request over the path, the sorted
// query, the host/content-type/x-acs-* headers and the body hash, hex HMAC-SHA256 keyed with the
// AccessKey secret.

object AliyunAcs3 {
    const val SCHEME = "aliyun-acs3"
    const val ALGORITHM = "ACS3-HMAC-SHA256"
    val STEPS = listOf(
        "canonical_uri", "canonical_query_string", "hashed_request_payload", "canonical_headers",
        "signed_headers", "canonical_request", "hashed_canonical_request", "string_to_sign"
    )
    const val CONTENT_SHA256 = "x-acs-content-sha256"
    const val SECURITY_TOKEN = "x-acs-security-token"

    /** Headers the signer sets itself; a caller who also sends them would sign a stale copy. */
    val SIGNER_HEADERS = setOf(CONTENT_SHA256, SECURITY_TOKEN, "authorization")

    /** A request to sign; the defaults are the spec's defaults for absent optional fields. */
    data class Request(
        val method: String,
        /** `[name, value]` in sent order, without the headers the signer adds */
        val headers: List<Pair<String, String>>,
        val accessKeyId: String,
        val accessKeySecret: String,
        /** the resource path unencoded, as the API names it */
        val path: String = "/",
        /** parameter name to value, unencoded */
        val query: Map<String, String> = emptyMap(),
        val body: ByteArray = ByteArray(0),
        /** STS credentials only */
        val securityToken: String? = null
    )

    /** The path percent-encoded per RFC 3986 with `/` kept. */
    fun canonicalUri(path: String): String = percentEncode(path, keep = "/")

    /** Sorted by the UNENCODED name (code point order), then `enc(name)=enc(value)` joined by `&`; an empty value leaves `name=`. */
    fun canonicalQueryString(query: Map<String, String>): String =
        query.toSortedMap(utf8Order).entries.joinToString("&") { (name, value) -> "${percentEncode(name)}=${percentEncode(value)}" }

    fun hashedRequestPayload(body: ByteArray): String = sha256Hex(body)

    /** Signed: `host`, `content-type` and every `x-acs-*` header (lower-cased names). */
    fun isSigned(lowerName: String): Boolean =
        lowerName == "host" || lowerName == "content-type" || lowerName.startsWith("x-acs-")

    /** The signed headers, lower-case names to trimmed values, sorted by name. */
    fun signedHeaderValues(headers: List<Pair<String, String>>): SortedMap<String, String> =
        headers.map { (name, value) -> name.asciiTrim().asciiLowercase() to value.asciiTrim() }
            .filter { isSigned(it.first) }
            .toMap().toSortedMap(utf8Order)

    /** `name:value\n` for each signed header, sorted by name. */
    fun canonicalHeaders(signed: SortedMap<String, String>): String =
        signed.entries.joinToString("") { (name, value) -> "$name:$value\n" }

    fun signedHeaders(signed: SortedMap<String, String>): String = signed.keys.joinToString(";")

    /** `canonicalHeaders` ends in `\n`, so a blank line follows it. */
    fun canonicalRequest(
        method: String,
        canonicalUri: String,
        canonicalQueryString: String,
        canonicalHeaders: String,
        signedHeaders: String,
        hashedRequestPayload: String
    ): String = listOf(method, canonicalUri, canonicalQueryString, canonicalHeaders, signedHeaders, hashedRequestPayload)
        .joinToString("\n")

    fun stringToSign(hashedCanonicalRequest: String): String = "$ALGORITHM\n$hashedCanonicalRequest"

    /** Hex HMAC-SHA256 keyed with the secret's UTF-8 bytes, used as is (no derived key). */
    fun signature(accessKeySecret: String, stringToSign: String): String =
        hmacSha256(accessKeySecret.toByteArray(Charsets.UTF_8), stringToSign).toHex()

    /** Commas and no spaces between the parts (unlike AWS). */
    fun authorization(accessKeyId: String, signedHeaders: String, signature: String): String =
        "$ALGORITHM Credential=$accessKeyId,SignedHeaders=$signedHeaders,Signature=$signature"

    data class Signature(
        val canonicalUri: String,
        val canonicalQueryString: String,
        val hashedRequestPayload: String,
        val canonicalHeaders: String,
        val signedHeaders: String,
        val canonicalRequest: String,
        val hashedCanonicalRequest: String,
        val stringToSign: String,
        val signature: String,
        val authorization: String,
        /** the headers the signer adds, Authorization included */
        val headers: Map<String, String>
    ) : Signed {
        override val intermediates: Map<String, Any>
            get() = linkedMapOf(
                "canonical_uri" to canonicalUri,
                "canonical_query_string" to canonicalQueryString,
                "hashed_request_payload" to hashedRequestPayload,
                "canonical_headers" to canonicalHeaders,
                "signed_headers" to signedHeaders,
                "canonical_request" to canonicalRequest,
                "hashed_canonical_request" to hashedCanonicalRequest,
                "string_to_sign" to stringToSign
            )
        override val output: Map<String, Any>
            get() = linkedMapOf("signature" to signature, "authorization" to authorization, "headers" to headers)
    }

    private fun checkHeaders(headers: List<Pair<String, String>>) {
        val seen = mutableSetOf<String>()
        for ((name, _) in headers) {
            val lower = name.asciiTrim().asciiLowercase()
            if (lower in SIGNER_HEADERS) throw InputException("input.headers", "'$name' is set by the signer; leave it out")
            if (!seen.add(lower)) throw InputException("input.headers", "'$name' appears twice")
        }
    }

    fun sign(request: Request): Signature = with(request) {
        checkHeaders(headers)
        val payloadHash = hashedRequestPayload(body)
        val added = linkedMapOf(CONTENT_SHA256 to payloadHash)
        if (securityToken != null) added[SECURITY_TOKEN] = securityToken
        val signed = signedHeaderValues(headers + added.toList())

        val uri = canonicalUri(path)
        val queryString = canonicalQueryString(query)
        val canonical = canonicalHeaders(signed)
        val names = signedHeaders(signed)
        val creq = canonicalRequest(method, uri, queryString, canonical, names, payloadHash)
        val creqHash = sha256Hex(creq)
        val toSign = stringToSign(creqHash)
        val signature = signature(accessKeySecret, toSign)
        val authorization = authorization(accessKeyId, names, signature)
        added["Authorization"] = authorization
        Signature(uri, queryString, payloadHash, canonical, names, creq, creqHash, toSign, signature, authorization, added)
    }

    /** Sign one vector input (fields as in vectors/schema/aliyun-acs3.schema.json). */
    fun run(input: JsonObject): Signed = sign(
        Request(
            method = input.string("method"),
            headers = input.pairs("headers"),
            accessKeyId = input.string("access_key_id"),
            accessKeySecret = input.string("access_key_secret"),
            path = input.optString("path") ?: "/",
            query = if (input.has("query")) input.stringMap("query") else emptyMap(),
            body = input.body(),
            securityToken = input.optString("security_token")
        )
    )
}
