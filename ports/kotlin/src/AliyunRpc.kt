@file:JvmName("AliyunRpc")

package dev.sigvec.port

import com.google.gson.JsonObject

// Alibaba Cloud RPC signature 1.0: HMAC-SHA1 over METHOD&%2F&encode(canonicalized query).

const val ALIYUN_SCHEME = "aliyun-rpc"

val ALIYUN_STEPS = listOf("canonicalized_query_string", "string_to_sign", "hmac_sha1_hex")

/** Parameters sorted by name in UTF-8 byte order (as the SDKs sort them), names and values percent-encoded. */
fun canonicalizedQueryString(params: Map<String, String>): String =
    params.entries.sortedWith(compareBy(utf8Order) { it.key })
        .joinToString("&") { (name, value) -> "${percentEncode(name)}=${percentEncode(value)}" }

/** The canonical string is percent-encoded a SECOND time, so `%3A` becomes `%253A`. */
fun stringToSign(method: String, canonicalizedQueryString: String): String =
    "$method&${percentEncode("/")}&${percentEncode(canonicalizedQueryString)}"

/** The key is the secret plus `&`, as raw UTF-8 bytes (not decoded in any way). */
fun signingKey(accessKeySecret: String): ByteArray = "$accessKeySecret&".toByteArray(Charsets.UTF_8)

/** The query to send: the parameters plus Signature, re-sorted and encoded. */
fun signedQuery(params: Map<String, String>, signature: String): String =
    canonicalizedQueryString(params + ("Signature" to signature))

data class AliyunSignature(
    val canonicalizedQueryString: String,
    val stringToSign: String,
    val hmacSha1Hex: String,
    /** base64 */
    val signature: String,
    val signedQuery: String
) : Signed {
    override val intermediates
        get() = linkedMapOf(
            "canonicalized_query_string" to canonicalizedQueryString,
            "string_to_sign" to stringToSign,
            "hmac_sha1_hex" to hmacSha1Hex
        )
    override val output: Map<String, Any>
        get() = linkedMapOf("signature" to signature, "signed_query" to signedQuery)
}

fun signAliyunRpc(method: String, accessKeySecret: String, params: Map<String, String>): AliyunSignature {
    val canonical = canonicalizedQueryString(params)
    val toSign = stringToSign(method, canonical)
    val digest = hmacSha1(signingKey(accessKeySecret), toSign)
    val signature = digest.toBase64()
    return AliyunSignature(canonical, toSign, digest.toHex(), signature, signedQuery(params, signature))
}

/** Sign one vector input (fields as in vectors/schema/aliyun-rpc.schema.json). */
fun runAliyunRpc(input: JsonObject): Signed =
    signAliyunRpc(input.string("method"), input.string("access_key_secret"), input.stringMap("params"))
