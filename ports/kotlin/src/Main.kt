package dev.sigvec.port

import com.google.gson.GsonBuilder
import com.google.gson.JsonArray
import com.google.gson.JsonElement
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.FileDescriptor
import java.io.FileOutputStream
import java.io.PrintWriter
import java.io.StringWriter
import java.math.BigDecimal
import java.util.Base64
import kotlin.system.exitProcess

// The sigvec line protocol (runner/PROTOCOL.md): one JSON request per stdin line, one JSON answer
// per stdout line. This file only maps vector JSON to the scheme functions' inputs, applying the
// documented defaults for absent optional fields.

private val gson = GsonBuilder().disableHtmlEscaping().create()

fun main() {
    val input = System.`in`.bufferedReader(Charsets.UTF_8)
    val output = FileOutputStream(FileDescriptor.out).bufferedWriter(Charsets.UTF_8)
    System.setOut(System.err) // stdout carries protocol lines only
    lines@ for (line in input.lineSequence()) {
        if (line.isBlank()) continue
        var seq: JsonElement? = null
        val answer: Map<String, Any?> = try {
            val request = JsonParser.parseString(line).takeIf { it.isJsonObject }?.asJsonObject
                ?: throw IllegalArgumentException("request is not a JSON object")
            seq = request["seq"]
            when (val cmd = request["cmd"]?.asString) {
                "stop" -> break@lines
                "start" -> start(request)
                "run" -> run(request)
                else -> throw IllegalArgumentException("unknown cmd '$cmd'")
            }
        } catch (e: Exception) {
            errored(e)
        }
        val numbered = if (seq != null && "ready" !in answer) mapOf("seq" to seq) + answer else answer
        output.write(gson.toJson(numbered))
        output.newLine()
        output.flush()
    }
    output.flush()
    exitProcess(0)
}

private const val PROTOCOL_VERSION = 1

private fun start(request: JsonObject): Map<String, Any> {
    val version = request["version"]?.takeIf { it.isJsonPrimitive && it.asJsonPrimitive.isNumber }
    if (version == null || version.asBigDecimal.compareTo(BigDecimal.valueOf(PROTOCOL_VERSION.toLong())) != 0) {
        return mapOf("ready" to false, "version" to PROTOCOL_VERSION)
    }
    return started()
}

private fun started(): Map<String, Any> = mapOf(
    "ready" to true,
    "version" to PROTOCOL_VERSION,
    "pipeline" to 64,
    "implementation" to mapOf(
        "name" to "sigvec-kotlin",
        "language" to "kotlin",
        "version" to "kotlin${KotlinVersion.CURRENT} (java${System.getProperty("java.version")})",
        "schemes" to mapOf(
            AwsSigv4Streaming.SCHEME to AwsSigv4Streaming.STEPS,
            AliyunAcs3.SCHEME to AliyunAcs3.STEPS,
            IflytekWs.SCHEME to IflytekWs.STEPS,
            // scaffold: steps (an entry and its comma go above: no trailing comma in Kotlin 1.3)
            AWS_SCHEME to AWS_STEPS,
            TC3_SCHEME to TC3_STEPS,
            ALIYUN_SCHEME to ALIYUN_STEPS,
            IFLYTEK_SCHEME to IFLYTEK_STEPS
        )
    )
)

private fun run(request: JsonObject): Map<String, Any> {
    val input = request["input"]?.takeIf { it.isJsonObject }?.asJsonObject ?: JsonObject()
    val signed: Signed = when (val scheme = request["scheme"]?.asString) {
        AWS_SCHEME -> signAwsSigV4(input.toAwsRequest())
        TC3_SCHEME -> signTencentTc3(input.toTencentRequest())
        ALIYUN_SCHEME -> signAliyunRpc(
            input.string("method"), input.string("access_key_secret"), input.stringMap("params")
        )
        IFLYTEK_SCHEME -> signIflytek(input.string("app_id"), input.string("ts"), input.string("app_secret"))
        AwsSigv4Streaming.SCHEME -> AwsSigv4Streaming.run(input)
        AliyunAcs3.SCHEME -> AliyunAcs3.run(input)
        IflytekWs.SCHEME -> IflytekWs.run(input)
        // scaffold: dispatch
        else -> return mapOf("skipped" to true, "message" to "scheme not supported: $scheme")
    }
    return mapOf("intermediates" to signed.intermediates, "output" to signed.output)
}

private fun errored(e: Exception): Map<String, Any> {
    val trace = StringWriter().also { e.printStackTrace(PrintWriter(it)) }.toString()
    return mapOf("errored" to true, "context" to mapOf("message" to (e.message ?: e.toString()), "traceback" to trace))
}

// ---- vector JSON -> scheme inputs ----

private fun JsonObject.toAwsRequest(): AwsRequest {
    val headers = array("headers").mapIndexed { i, pair ->
        val items = pair.takeIf { it.isJsonArray }?.asJsonArray
        if (items == null || items.size() != 2 || !items[0].isString || !items[1].isString) {
            throw InputException("input.headers.$i", "expected a [name, value] pair of strings")
        }
        items[0].asString to items[1].asString
    }
    val body = when {
        has("body_base64") -> {
            val encoded = string("body_base64")
            try {
                require(encoded.length % 4 == 0) { "length is not a multiple of 4" }
                Base64.getDecoder().decode(encoded)
            } catch (e: IllegalArgumentException) {
                throw InputException("input.body_base64", "expected standard base64 (${e.message})")
            }
        }
        else -> optString("body")?.toByteArray(Charsets.UTF_8) ?: ByteArray(0)
    }
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
        body = body,
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

private fun JsonObject.toTencentRequest() = TencentRequest(
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
    signedHeaders = if (has("signed_headers")) {
        array("signed_headers").mapIndexed { i, name ->
            if (!name.isString) throw InputException("input.signed_headers.$i", "expected a string")
            name.asString
        }
    } else {
        TC3_DEFAULT_SIGNED_HEADERS
    }
)

private val JsonElement.isString get() = isJsonPrimitive && asJsonPrimitive.isString

private fun JsonObject.optString(name: String): String? = get(name)?.let {
    if (!it.isString) throw InputException("input.$name", "expected a string")
    it.asString
}

private fun JsonObject.string(name: String): String =
    optString(name) ?: throw InputException("input.$name", "required")

private fun JsonObject.optBoolean(name: String): Boolean? = get(name)?.let {
    if (!it.isJsonPrimitive || !it.asJsonPrimitive.isBoolean) throw InputException("input.$name", "expected true or false")
    it.asBoolean
}

private fun JsonObject.optLong(name: String): Long? = get(name)?.let {
    if (!it.isJsonPrimitive || !it.asJsonPrimitive.isNumber) throw InputException("input.$name", "expected an integer")
    try {
        BigDecimal(it.asString).longValueExact()
    } catch (e: ArithmeticException) {
        throw InputException("input.$name", "expected an integer, got $it")
    }
}

private fun JsonObject.array(name: String): JsonArray =
    get(name)?.takeIf { it.isJsonArray }?.asJsonArray ?: throw InputException("input.$name", "expected an array")

private fun JsonObject.stringMap(name: String): Map<String, String> {
    val obj = get(name)?.takeIf { it.isJsonObject }?.asJsonObject ?: throw InputException("input.$name", "expected an object")
    return obj.entrySet().associate { (key, value) ->
        if (!value.isString) throw InputException("input.$name.$key", "expected a string")
        key to value.asString
    }
}
