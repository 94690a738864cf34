'use strict';
/** Alibaba Cloud ACS3-HMAC-SHA256 (V3): TODO one line on what is signed (placeholder: HMAC-SHA256 over key_id and message). */

const { hmacSha256 } = require('./encoding');
const { object, str } = require('./input');

const SCHEME = 'aliyun-acs3';
const STEPS = ['string_to_sign'];

/**
 * @param {string} keyId
 * @param {string} message
 * @returns {string}
 */
function stringToSign(keyId, message) {
  return `${keyId}\n${message}`;
}

/**
 * Protocol face: sign a vector-shaped input.
 * @param {unknown} request
 */
function sign(request) {
  const input = object(request);
  const toSign = stringToSign(str(input, 'key_id'), str(input, 'message'));
  const signature = hmacSha256(str(input, 'secret'), toSign).toString('hex');
  return { intermediates: { string_to_sign: toSign }, output: { signature } };
}

module.exports = { SCHEME, STEPS, stringToSign, sign };
