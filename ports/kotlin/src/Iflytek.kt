@file:JvmName("Iflytek")

package dev.sigvec.port

import com.google.gson.JsonObject

// iFlytek-style app signature: base64(HMAC-SHA1(key = app_secret, msg = hex(MD5(app_id + ts)))).

const val IFLYTEK_SCHEME = "iflytek"

val IFLYTEK_STEPS = listOf("base_string", "md5_hex", "hmac_sha1_hex")

/** The timestamp exactly as sent (leading zeros and all), not re-formatted as a number. */
fun baseString(appId: String, ts: String): String = appId + ts

/** Lower-case hex of MD5 over the UTF-8 bytes: this hex TEXT is what gets signed, not the 16 raw bytes. */
fun md5Hex(baseString: String): String = md5(baseString.toByteArray(Charsets.UTF_8)).toHex()

/** HMAC-SHA1 keyed with the secret's UTF-8 bytes, used verbatim (not base64- or URL-decoded). */
fun hmacSha1(appSecret: String, md5Hex: String): ByteArray = hmacSha1(appSecret.toByteArray(Charsets.UTF_8), md5Hex)

/** `appid=..&ts=..&signa=..`, each value percent-encoded (the signature has `+`, `/` and `=`). */
fun iflytekQuery(appId: String, ts: String, signature: String): String =
    "appid=${percentEncode(appId)}&ts=${percentEncode(ts)}&signa=${percentEncode(signature)}"

data class IflytekSignature(
    val baseString: String,
    val md5Hex: String,
    val hmacSha1Hex: String,
    /** base64, the `signa` parameter */
    val signature: String,
    val query: String,
    val headers: Map<String, String>
) : Signed {
    override val intermediates
        get() = linkedMapOf("base_string" to baseString, "md5_hex" to md5Hex, "hmac_sha1_hex" to hmacSha1Hex)
    override val output: Map<String, Any>
        get() = linkedMapOf("signature" to signature, "query" to query, "headers" to headers)
}

fun signIflytek(appId: String, ts: String, appSecret: String): IflytekSignature {
    val base = baseString(appId, ts)
    val md5Text = md5Hex(base)
    val digest = hmacSha1(appSecret, md5Text)
    val signature = digest.toBase64()
    return IflytekSignature(
        baseString = base,
        md5Hex = md5Text,
        hmacSha1Hex = digest.toHex(),
        signature = signature,
        query = iflytekQuery(appId, ts, signature),
        headers = linkedMapOf("X-App-Key" to appId, "X-Timestamp" to ts, "X-App-Signature" to signature)
    )
}

/** Sign one vector input (fields as in vectors/schema/iflytek.schema.json). */
fun runIflytek(input: JsonObject): Signed =
    signIflytek(input.string("app_id"), input.string("ts"), input.string("app_secret"))
