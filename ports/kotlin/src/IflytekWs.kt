package dev.sigvec.port

import com.google.gson.JsonObject

// iFlytek HMAC-SHA256 URL authentication (WebSocket and HTTP APIs):
// base64(HMAC-SHA256(key = api_secret, msg = "host: ..\ndate: ..\nGET /path HTTP/1.1")), sent
// base64-wrapped in the `authorization` query parameter next to `date` and `host`.

object IflytekWs {
    const val SCHEME = "iflytek-ws"
    val STEPS = listOf("request_line", "signature_origin", "hmac_sha256_hex", "authorization_origin")

    /** `GET /v2/iat HTTP/1.1`: the protocol version is part of it. */
    fun requestLine(method: String, path: String): String = "$method $path HTTP/1.1"

    /** The three signed "headers", lower-case names, LF between them and none at the end. */
    fun signatureOrigin(host: String, date: String, requestLine: String): String =
        "host: $host\ndate: $date\n$requestLine"

    /** HMAC-SHA256 keyed with the secret's UTF-8 bytes; its raw 32 bytes (not the hex) are base64-encoded. */
    fun hmacSha256Digest(apiSecret: String, signatureOrigin: String): ByteArray =
        hmacSha256(apiSecret.toByteArray(Charsets.UTF_8), signatureOrigin)

    fun authorizationOrigin(apiKey: String, signature: String): String =
        """api_key="$apiKey", algorithm="hmac-sha256", headers="host date request-line", signature="$signature""""

    /** `authorization=..&date=..&host=..`, each value percent-encoded (RFC 3986). */
    fun query(authorization: String, date: String, host: String): String =
        "authorization=${percentEncode(authorization)}&date=${percentEncode(date)}&host=${percentEncode(host)}"

    data class Signature(
        val requestLine: String,
        val signatureOrigin: String,
        val hmacSha256Hex: String,
        val authorizationOrigin: String,
        /** base64 of the raw digest */
        val signature: String,
        /** base64 of [authorizationOrigin] */
        val authorization: String,
        val query: String
    ) : Signed {
        override val intermediates: Map<String, Any>
            get() = linkedMapOf(
                "request_line" to requestLine,
                "signature_origin" to signatureOrigin,
                "hmac_sha256_hex" to hmacSha256Hex,
                "authorization_origin" to authorizationOrigin
            )
        override val output: Map<String, Any>
            get() = linkedMapOf("signature" to signature, "authorization" to authorization, "query" to query)
    }

    /** [date] is RFC 1123 in GMT, exactly as sent (`Wed, 10 Jul 2019 07:35:43 GMT`). */
    fun sign(apiKey: String, apiSecret: String, host: String, path: String, date: String, method: String = "GET"): Signature {
        val line = requestLine(method, path)
        val origin = signatureOrigin(host, date, line)
        val digest = hmacSha256Digest(apiSecret, origin)
        val signature = digest.toBase64()
        val authorizationOrigin = authorizationOrigin(apiKey, signature)
        val authorization = authorizationOrigin.toByteArray(Charsets.UTF_8).toBase64()
        return Signature(
            line, origin, digest.toHex(), authorizationOrigin, signature, authorization, query(authorization, date, host)
        )
    }

    /** Sign one vector input (fields as in vectors/schema/iflytek-ws.schema.json). */
    fun run(input: JsonObject): Signed = sign(
        apiKey = input.string("api_key"),
        apiSecret = input.string("api_secret"),
        host = input.string("host"),
        path = input.string("path"),
        date = input.string("date"),
        method = input.optString("method") ?: "GET"
    )
}
