@file:JvmName("VectorInput")

package dev.sigvec.port

import com.google.gson.JsonArray
import com.google.gson.JsonElement
import com.google.gson.JsonObject
import java.math.BigDecimal
import java.util.Base64

// Reading a vector's `input` object (Gson): typed fields, each error naming the field as
// `input.<name>`. Each scheme's `run` maps its input with these, applying the vectors' documented
// defaults for absent optional fields.

internal val JsonElement.isString get() = isJsonPrimitive && asJsonPrimitive.isString

internal fun JsonObject.optString(name: String): String? = get(name)?.let {
    if (!it.isString) throw InputException("input.$name", "expected a string")
    it.asString
}

internal fun JsonObject.string(name: String): String =
    optString(name) ?: throw InputException("input.$name", "required")

internal fun JsonObject.optBoolean(name: String): Boolean? = get(name)?.let {
    if (!it.isJsonPrimitive || !it.asJsonPrimitive.isBoolean) throw InputException("input.$name", "expected true or false")
    it.asBoolean
}

internal fun JsonObject.optLong(name: String): Long? = get(name)?.let {
    if (!it.isJsonPrimitive || !it.asJsonPrimitive.isNumber) throw InputException("input.$name", "expected an integer")
    try {
        BigDecimal(it.asString).longValueExact()
    } catch (e: ArithmeticException) {
        throw InputException("input.$name", "expected an integer, got $it")
    }
}

internal fun JsonObject.array(name: String): JsonArray =
    get(name)?.takeIf { it.isJsonArray }?.asJsonArray ?: throw InputException("input.$name", "expected an array")

internal fun JsonObject.strings(name: String): List<String> = array(name).mapIndexed { i, item ->
    if (!item.isString) throw InputException("input.$name.$i", "expected a string")
    item.asString
}

/** `[[name, value], ...]` in the given order (header and trailer lists). */
internal fun JsonObject.pairs(name: String): List<Pair<String, String>> = array(name).mapIndexed { i, pair ->
    val items = pair.takeIf { it.isJsonArray }?.asJsonArray
    if (items == null || items.size() != 2 || !items[0].isString || !items[1].isString) {
        throw InputException("input.$name.$i", "expected a [name, value] pair of strings")
    }
    items[0].asString to items[1].asString
}

internal fun JsonObject.stringMap(name: String): Map<String, String> {
    val obj = get(name)?.takeIf { it.isJsonObject }?.asJsonObject ?: throw InputException("input.$name", "expected an object")
    return obj.entrySet().associate { (key, value) ->
        if (!value.isString) throw InputException("input.$name.$key", "expected a string")
        key to value.asString
    }
}

/** The payload: `body` (UTF-8 text) or `body_base64` (standard, padded); empty when neither. */
internal fun JsonObject.body(): ByteArray {
    val encoded = optString("body_base64") ?: return optString("body")?.toByteArray(Charsets.UTF_8) ?: ByteArray(0)
    return try {
        require(encoded.length % 4 == 0) { "length is not a multiple of 4" }
        Base64.getDecoder().decode(encoded)
    } catch (e: IllegalArgumentException) {
        throw InputException("input.body_base64", "expected standard base64 (${e.message})")
    }
}
