'use strict';
/**
 * Byte-level helpers shared by the schemes: UTF-8, RFC 3986 percent-encoding, hashing, HMAC.
 * Everything works on Buffers; strings are converted with an explicit 'utf8', never a default.
 */

const { Buffer } = require('node:buffer');
const crypto = require('node:crypto');

/** Thrown for input the signer refuses; `field` names the offending input field. */
class InputError extends Error {
  /**
   * @param {string} field
   * @param {string} message
   */
  constructor(field, message) {
    super(field ? `input.${field}: ${message}` : `input: ${message}`);
    this.name = 'InputError';
    this.field = field;
  }
}

/**
 * The UTF-8 bytes of a string. A lone surrogate has no UTF-8 form: refuse it rather than let
 * Buffer.from silently substitute U+FFFD and sign bytes the caller never meant.
 * @param {string | Buffer} text
 * @returns {Buffer}
 */
function utf8(text) {
  if (Buffer.isBuffer(text)) return text;
  if (typeof text !== 'string') throw new TypeError(`expected a string, got ${typeof text}`);
  if (!text.isWellFormed()) throw new TypeError('string contains a lone UTF-16 surrogate');
  return Buffer.from(text, 'utf8');
}

/**
 * Compare two strings by their UTF-8 bytes (= code point order). JavaScript's `<` compares
 * UTF-16 code units, which orders characters above U+FFFF before U+E000..U+FFFF.
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
function compareUtf8(a, b) {
  return Buffer.compare(utf8(a), utf8(b));
}

// RFC 3986 section 2.3 unreserved characters: the only bytes no scheme here encodes.
const UNRESERVED = new Set(
  Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~', 'utf8'),
);

/**
 * Encode every byte of the UTF-8 form except unreserved ones and `keep`, as upper-case `%XX`.
 * Space is `%20` (never `+`), `~` stays, `*` is `%2A`: what AWS, Tencent and Alibaba Cloud
 * specify, and what form encoders (URLSearchParams, encodeURIComponent) get wrong.
 * @param {string | Buffer} text
 * @param {string} [keep] extra ASCII characters to leave as they are (e.g. '/')
 * @returns {string}
 */
function percentEncode(text, keep = '') {
  const safe = keep ? new Set([...UNRESERVED, ...Buffer.from(keep, 'utf8')]) : UNRESERVED;
  let out = '';
  for (const byte of utf8(text)) {
    out += safe.has(byte)
      ? String.fromCharCode(byte)
      : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

const HEX_DIGIT = /^[0-9A-Fa-f]$/;

/**
 * Decode `%XX` escapes to bytes; anything else (including `+` and a stray `%`) stays as is.
 * Returns bytes, since the escapes need not form valid UTF-8.
 * @param {string} text
 * @returns {Buffer}
 */
function percentDecode(text) {
  const data = utf8(text);
  const out = [];
  for (let i = 0; i < data.length; ) {
    if (
      data[i] === 0x25 &&
      i + 2 < data.length &&
      HEX_DIGIT.test(String.fromCharCode(data[i + 1])) &&
      HEX_DIGIT.test(String.fromCharCode(data[i + 2]))
    ) {
      out.push(parseInt(String.fromCharCode(data[i + 1], data[i + 2]), 16));
      i += 3;
    } else {
      out.push(data[i]);
      i += 1;
    }
  }
  return Buffer.from(out);
}

// The schemes trim space, tab, CR and LF only: not NBSP or other Unicode spaces, which
// String.prototype.trim() would also remove.
const ASCII_EDGE_WHITESPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;

/**
 * Remove leading and trailing space, tab, CR and LF (nothing else).
 * @param {string} text
 * @returns {string}
 */
function asciiStrip(text) {
  return text.replace(ASCII_EDGE_WHITESPACE, '');
}

/**
 * Lower-case A-Z only. The schemes' "lower-case" is ASCII; toLowerCase() would also map
 * e.g. 'İ' or 'Σ', and toLocaleLowerCase() depends on the locale.
 * @param {string} text
 * @returns {string}
 */
function asciiLower(text) {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/**
 * @param {string | Buffer} data
 * @returns {string} lower-case hex SHA-256
 */
function sha256Hex(data) {
  return crypto.createHash('sha256').update(utf8(data)).digest('hex');
}

/**
 * @param {string | Buffer} data
 * @returns {string} lower-case hex MD5
 */
function md5Hex(data) {
  return crypto.createHash('md5').update(utf8(data)).digest('hex');
}

/**
 * @param {string | Buffer} key
 * @param {string | Buffer} message
 * @returns {Buffer}
 */
function hmacSha256(key, message) {
  return crypto.createHmac('sha256', utf8(key)).update(utf8(message)).digest();
}

/**
 * @param {string | Buffer} key
 * @param {string | Buffer} message
 * @returns {Buffer}
 */
function hmacSha1(key, message) {
  return crypto.createHmac('sha1', utf8(key)).update(utf8(message)).digest();
}

module.exports = {
  InputError,
  utf8,
  compareUtf8,
  percentEncode,
  percentDecode,
  asciiStrip,
  asciiLower,
  sha256Hex,
  md5Hex,
  hmacSha256,
  hmacSha1,
};
