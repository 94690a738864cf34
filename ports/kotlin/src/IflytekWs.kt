package dev.sigvec.port

import com.google.gson.JsonObject

// iFlytek WebSocket HMAC-SHA256 URL authentication: TODO one line on what is signed (placeholder: HMAC-SHA256 over key_id and message).

object IflytekWs {
    const val SCHEME = "iflytek-ws"
    val STEPS = listOf("string_to_sign")

    fun stringToSign(keyId: String, message: String): String = "$keyId\n$message"

    /** Sign one vector input (fields as in vectors/schema/iflytek-ws.schema.json). */
    fun run(input: JsonObject): Signed {
        val toSign = stringToSign(input.text("key_id"), input.text("message"))
        val signature = hmacSha256(input.text("secret").toByteArray(Charsets.UTF_8), toSign).toHex()
        return object : Signed {
            override val intermediates = mapOf("string_to_sign" to toSign)
            override val output: Map<String, Any> = mapOf("signature" to signature)
        }
    }

    private fun JsonObject.text(name: String): String {
        val value = get(name)
        if (value == null || !value.isJsonPrimitive || !value.asJsonPrimitive.isString) {
            throw InputException("input.$name", "expected a string")
        }
        return value.asString
    }
}
