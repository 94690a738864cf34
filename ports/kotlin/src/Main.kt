package dev.sigvec.port

import com.google.gson.GsonBuilder
import com.google.gson.JsonElement
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.FileDescriptor
import java.io.FileOutputStream
import java.io.PrintWriter
import java.io.StringWriter
import java.math.BigDecimal
import kotlin.system.exitProcess

// The sigvec line protocol (runner/PROTOCOL.md): one JSON request per stdin line, one JSON answer
// per stdout line. Each scheme file maps its own vector input (`run…`); this file only dispatches
// to them through one table.

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

/** A scheme this port signs: its steps (the start answer) and its vector-input entry point. */
private class Scheme(val steps: List<String>, val run: (JsonObject) -> Signed)

/** Every scheme, one line each, from the scheme files' own constants. */
private val schemes: Map<String, Scheme> = linkedMapOf<String, Scheme>().apply {
    put(AWS_SCHEME, Scheme(AWS_STEPS, ::runAwsSigV4))
    put(TC3_SCHEME, Scheme(TC3_STEPS, ::runTencentTc3))
    put(ALIYUN_SCHEME, Scheme(ALIYUN_STEPS, ::runAliyunRpc))
    put(IFLYTEK_SCHEME, Scheme(IFLYTEK_STEPS, ::runIflytek))
    put(AwsSigv4Streaming.SCHEME, Scheme(AwsSigv4Streaming.STEPS, AwsSigv4Streaming::run))
    put(AliyunAcs3.SCHEME, Scheme(AliyunAcs3.STEPS, AliyunAcs3::run))
    put(IflytekWs.SCHEME, Scheme(IflytekWs.STEPS, IflytekWs::run))
    // scaffold: schemes
}

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
        "schemes" to schemes.mapValues { it.value.steps }
    )
)

private fun run(request: JsonObject): Map<String, Any> {
    val input = request["input"]?.takeIf { it.isJsonObject }?.asJsonObject ?: JsonObject()
    val scheme = request["scheme"]?.asString
    val signer = schemes[scheme] ?: return mapOf("skipped" to true, "message" to "scheme not supported: $scheme")
    val signed = signer.run(input)
    return mapOf("intermediates" to signed.intermediates, "output" to signed.output)
}

private fun errored(e: Exception): Map<String, Any> {
    val trace = StringWriter().also { e.printStackTrace(PrintWriter(it)) }.toString()
    return mapOf("errored" to true, "context" to mapOf("message" to (e.message ?: e.toString()), "traceback" to trace))
}
