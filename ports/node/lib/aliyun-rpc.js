'use strict';
/** Alibaba Cloud RPC signature 1.0: HMAC-SHA1 over `METHOD&%2F&encode(canonicalized query)`. */

const { InputError, compareUtf8, hmacSha1, percentEncode, utf8 } = require('./encoding');
const { object, str } = require('./input');

const SCHEME = 'aliyun-rpc';
const STEPS = ['canonicalized_query_string', 'string_to_sign', 'hmac_sha1_hex'];

/**
 * Parameters sorted by name in UTF-8 byte order (as the SDKs sort them; not UTF-16 `<`), each
 * name and value percent-encoded per RFC 3986, joined as `name=value&...`.
 * @param {Record<string, string> | Array<[string, string]>} params
 * @returns {string}
 */
function canonicalizedQueryString(params) {
  const pairs = Array.isArray(params) ? [...params] : Object.entries(params);
  pairs.sort((a, b) => compareUtf8(a[0], b[0]));
  return pairs.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
}

/**
 * The canonical string is percent-encoded a SECOND time, so `%3A` becomes `%253A`.
 * @param {string} method 'GET' or 'POST'
 * @param {string} canonical canonicalized query string
 * @returns {string}
 */
function stringToSign(method, canonical) {
  return `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

/**
 * The HMAC key is the secret plus '&', as raw UTF-8 bytes (nothing decoded).
 * @param {string} accessKeySecret
 * @returns {Buffer}
 */
function signingKey(accessKeySecret) {
  return utf8(accessKeySecret + '&');
}

/**
 * @param {string} accessKeySecret
 * @param {string} toSign
 * @returns {Buffer} the raw HMAC-SHA1 digest; the signature is its base64
 */
function hmacSha1Digest(accessKeySecret, toSign) {
  return hmacSha1(signingKey(accessKeySecret), toSign);
}

/**
 * @typedef {object} AliyunInput fields as in vectors/schema/aliyun-rpc.schema.json
 * @property {'GET' | 'POST'} method
 * @property {string} access_key_secret
 * @property {Record<string, string>} params every request parameter, never Signature
 */

/**
 * Sign a request; returns every intermediate (named as the vectors' steps) and the output.
 * @param {AliyunInput} request
 * @returns {{intermediates: Record<string, string>, output: {signature: string, signed_query: string}}}
 */
function signAliyun(request) {
  const input = object(request);
  const params = input.params;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new InputError('params', 'expected an object of name -> string value');
  }
  const pairs = Object.entries(params);
  for (const [name, value] of pairs) {
    if (typeof value !== 'string') throw new InputError(`params.${name}`, 'expected a string');
  }
  const canonical = canonicalizedQueryString(pairs);
  const toSign = stringToSign(str(input, 'method'), canonical);
  const digest = hmacSha1Digest(str(input, 'access_key_secret'), toSign);
  const signature = digest.toString('base64');
  const signedPairs = pairs.filter(([name]) => name !== 'Signature').concat([['Signature', signature]]);
  return {
    intermediates: {
      canonicalized_query_string: canonical,
      string_to_sign: toSign,
      hmac_sha1_hex: digest.toString('hex'),
    },
    output: { signature, signed_query: canonicalizedQueryString(signedPairs) },
  };
}

module.exports = {
  SCHEME,
  STEPS,
  canonicalizedQueryString,
  stringToSign,
  signingKey,
  hmacSha1Digest,
  signAliyun,
  sign: signAliyun,
};
