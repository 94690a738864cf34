'use strict';
/**
 * iFlytek HMAC-SHA256 URL authentication (WebSocket and HTTP APIs):
 * base64(HMAC-SHA256(key=api_secret, "host: …\ndate: …\n<request line>")), wrapped in a base64
 * authorization sent with the date and host as query parameters.
 */

const { InputError, hmacSha256, percentEncode, utf8 } = require('./encoding');
const { object, str } = require('./input');

const SCHEME = 'iflytek-ws';
const STEPS = ['request_line', 'signature_origin', 'hmac_sha256_hex', 'authorization_origin'];

/** The only date form the servers take: RFC 1123, GMT, two-digit day. */
const RFC1123_GMT =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12][0-9]|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] GMT$/;

/**
 * @param {string} method
 * @param {string} path
 * @returns {string} `<method> <path> HTTP/1.1`
 */
function requestLine(method, path) {
  return `${method} ${path} HTTP/1.1`;
}

/**
 * @param {string} host
 * @param {string} date RFC 1123, GMT
 * @param {string} line the request line
 * @returns {string} the signed text
 */
function signatureOrigin(host, date, line) {
  return `host: ${host}\ndate: ${date}\n${line}`;
}

/**
 * @param {string} apiKey
 * @param {string} signature standard base64 of the raw digest
 * @returns {string}
 */
function authorizationOrigin(apiKey, signature) {
  return `api_key="${apiKey}", algorithm="hmac-sha256", headers="host date request-line", signature="${signature}"`;
}

/**
 * @param {string} authorization
 * @param {string} date
 * @param {string} host
 * @returns {string} the query to append to the URL, each value percent-encoded (RFC 3986)
 */
function query(authorization, date, host) {
  return `authorization=${percentEncode(authorization)}&date=${percentEncode(date)}&host=${percentEncode(host)}`;
}

/**
 * Protocol face: sign a vector-shaped input (vectors/schema/iflytek-ws.schema.json).
 * @param {unknown} request
 */
function sign(request) {
  const input = object(request);
  const host = str(input, 'host');
  const date = str(input, 'date');
  if (!RFC1123_GMT.test(date)) {
    throw new InputError('date', `${JSON.stringify(date)} is not an RFC 1123 GMT date like "Wed, 10 Jul 2019 07:35:43 GMT"`);
  }
  const apiKey = str(input, 'api_key');
  const line = requestLine(str(input, 'method', 'GET'), str(input, 'path'));
  const origin = signatureOrigin(host, date, line);
  const digest = hmacSha256(str(input, 'api_secret'), origin);
  const signature = digest.toString('base64');
  const authOrigin = authorizationOrigin(apiKey, signature);
  const authorization = utf8(authOrigin).toString('base64');
  const values = [line, origin, digest.toString('hex'), authOrigin];
  return {
    intermediates: Object.fromEntries(STEPS.map((step, i) => [step, values[i]])),
    output: { signature, authorization, query: query(authorization, date, host) },
  };
}

module.exports = { SCHEME, STEPS, requestLine, signatureOrigin, authorizationOrigin, query, sign };
