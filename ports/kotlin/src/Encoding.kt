@file:JvmName("Encoding")

package dev.sigvec.port

import java.security.MessageDigest
import java.util.Arrays
import java.util.Base64
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

// Byte-level helpers shared by the schemes: RFC 3986 percent-encoding, ASCII case and trimming,
// hashing, HMAC. Text always becomes bytes as UTF-8, never in the platform charset.

/** RFC 3986 section 2.3 unreserved: the only bytes no scheme here encodes. */
private fun isUnreserved(b: Int): Boolean =
    b in 'A'.toInt()..'Z'.toInt() || b in 'a'.toInt()..'z'.toInt() || b in '0'.toInt()..'9'.toInt() ||
        b == '-'.toInt() || b == '_'.toInt() || b == '.'.toInt() || b == '~'.toInt()

private const val HEX_UPPER = "0123456789ABCDEF"
private const val HEX_LOWER = "0123456789abcdef"

/**
 * Encodes every byte except unreserved ones and the ASCII characters in [keep] as upper-case
 * `%XX`: space is `%20` (never `+`), `*` is `%2A`, `~` stays. `URLEncoder` is a form encoder and
 * gets all three wrong.
 */
fun percentEncode(data: ByteArray, keep: String = ""): String = buildString(data.size * 3) {
    for (byte in data) {
        val b = byte.toInt() and 0xff
        if (isUnreserved(b) || (b < 0x80 && keep.indexOf(b.toChar()) >= 0)) {
            append(b.toChar())
        } else {
            append('%').append(HEX_UPPER[b shr 4]).append(HEX_UPPER[b and 0x0f])
        }
    }
}

/** Percent-encodes the UTF-8 bytes of [text]. */
fun percentEncode(text: String, keep: String = ""): String = percentEncode(text.toByteArray(Charsets.UTF_8), keep)

/** Decodes `%XX` escapes to bytes; anything else (including `+` and a stray `%`) stays as it is. */
fun percentDecode(text: String): ByteArray {
    val data = text.toByteArray(Charsets.UTF_8)
    val out = java.io.ByteArrayOutputStream(data.size)
    var i = 0
    while (i < data.size) {
        val hi = if (i + 2 < data.size) Character.digit(data[i + 1].toInt(), 16) else -1
        val lo = if (i + 2 < data.size) Character.digit(data[i + 2].toInt(), 16) else -1
        if (data[i] == '%'.toByte() && hi >= 0 && lo >= 0) {
            out.write(hi shl 4 or lo)
            i += 3
        } else {
            out.write(data[i].toInt())
            i++
        }
    }
    return out.toByteArray()
}

/**
 * Lower-cases A-Z only. The schemes' "lower-case" is ASCII; `toLowerCase()` follows the default
 * locale (Turkish dotless i) and Unicode rules.
 */
fun String.asciiLowercase(): String = map { if (it in 'A'..'Z') it + ('a' - 'A') else it }.joinToString("")

/** Trims space, tab, CR and LF only: not NBSP or other Unicode spaces, as `trim()` does. */
fun String.asciiTrim(): String = trim { it == ' ' || it == '\t' || it == '\r' || it == '\n' }

/**
 * Strings in UTF-8 byte order (= code point order), the order the specs sort names in.
 * `String.compareTo` compares UTF-16 units, which differs above U+FFFF.
 */
val utf8Order: Comparator<String> = Comparator { a, b ->
    Arrays.compareUnsigned(a.toByteArray(Charsets.UTF_8), b.toByteArray(Charsets.UTF_8))
}

/** Lower-case hex, as every `_hex` step is reported. */
fun ByteArray.toHex(): String = buildString(size * 2) {
    for (byte in this@toHex) {
        val b = byte.toInt() and 0xff
        append(HEX_LOWER[b shr 4]).append(HEX_LOWER[b and 0x0f])
    }
}

fun ByteArray.toBase64(): String = Base64.getEncoder().encodeToString(this)

fun sha256(data: ByteArray): ByteArray = MessageDigest.getInstance("SHA-256").digest(data)

fun sha256Hex(data: ByteArray): String = sha256(data).toHex()

fun sha256Hex(text: String): String = sha256Hex(text.toByteArray(Charsets.UTF_8))

fun md5(data: ByteArray): ByteArray = MessageDigest.getInstance("MD5").digest(data)

fun hmacSha256(key: ByteArray, message: String): ByteArray = hmac("HmacSHA256", key, message)

fun hmacSha1(key: ByteArray, message: String): ByteArray = hmac("HmacSHA1", key, message)

private fun hmac(algorithm: String, key: ByteArray, message: String): ByteArray =
    Mac.getInstance(algorithm).run {
        init(SecretKeySpec(key, algorithm))
        doFinal(message.toByteArray(Charsets.UTF_8))
    }

/** Input that is well-formed but cannot be signed; [field] names the offending input field. */
class InputException(val field: String, message: String) : IllegalArgumentException("$field: $message")

/**
 * What every scheme's signing function returns: the intermediates in step order (strings, or
 * lists of strings where a step has one value per chunk), and the output.
 */
interface Signed {
    val intermediates: Map<String, Any>
    val output: Map<String, Any>
}
