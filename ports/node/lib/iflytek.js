'use strict';
/** iFlytek-style app signature: base64(HMAC-SHA1(key=app_secret, msg=hex(MD5(app_id + ts)))). */

const { Buffer } = require('node:buffer');
const { hmacSha1: hmacSha1Raw, md5Hex: md5HexRaw, percentEncode, utf8 } = require('./encoding');
const { object, str } = require('./input');

const SCHEME = 'iflytek';
const STEPS = ['base_string', 'md5_hex', 'hmac_sha1_hex'];

/**
 * @param {string} appId
 * @param {string} ts UNIX time as decimal digits, exactly as sent (leading zeros kept)
 * @returns {string}
 */
function baseString(appId, ts) {
  return appId + ts;
}

/**
 * Lower-case hex of MD5 over the UTF-8 bytes: this hex TEXT (32 chars) is what gets signed,
 * not the 16 raw digest bytes.
 * @param {string} base
 * @returns {string}
 */
function md5Hex(base) {
  return md5HexRaw(utf8(base));
}

/**
 * HMAC-SHA1 keyed with the secret's UTF-8 bytes, used verbatim (not base64- or URL-decoded).
 * @param {string} appSecret
 * @param {string} md5Text the 32-character hex text from md5Hex
 * @returns {Buffer}
 */
function hmacSha1(appSecret, md5Text) {
  return hmacSha1Raw(utf8(appSecret), Buffer.from(md5Text, 'ascii'));
}

/**
 * Sign; the query form percent-encodes each value (a base64 signature has + / =).
 * @param {string} appId
 * @param {string} ts
 * @param {string} appSecret
 * @returns {{intermediates: Record<string, string>,
 *   output: {signature: string, query: string, headers: Record<string, string>}}}
 */
function signIflytek(appId, ts, appSecret) {
  const base = baseString(appId, ts);
  const md5Text = md5Hex(base);
  const digest = hmacSha1(appSecret, md5Text);
  const signature = digest.toString('base64');
  const query = [['appid', appId], ['ts', ts], ['signa', signature]]
    .map(([name, value]) => `${name}=${percentEncode(value)}`)
    .join('&');
  return {
    intermediates: { base_string: base, md5_hex: md5Text, hmac_sha1_hex: digest.toString('hex') },
    output: {
      signature,
      query,
      headers: { 'X-App-Key': appId, 'X-Timestamp': ts, 'X-App-Signature': signature },
    },
  };
}

/**
 * Protocol face: sign a vector-shaped input {app_id, ts, app_secret}.
 * @param {{app_id: string, ts: string, app_secret: string}} request
 */
function sign(request) {
  const input = object(request);
  return signIflytek(str(input, 'app_id'), str(input, 'ts'), str(input, 'app_secret'));
}

module.exports = { SCHEME, STEPS, baseString, md5Hex, hmacSha1, signIflytek, sign };
