'use strict';
/**
 * Verify Alibaba Cloud RPC signature 1.0: parameters in the query (GET) or a form-encoded body
 * (POST), read with form decoding ('+' is a space) as Alibaba Cloud's gateway reads them. A
 * SignatureNonce is accepted once.
 */

const { asciiLower, hmacSha1 } = require('./encoding');
const aliyun = require('./aliyun-rpc');
const { Rejection, checkWindow, lookupSecret, parseUtc, queryPairs, sameSignature } = require('./verify');

const SCHEME = aliyun.SCHEME;
const SIGNATURE_METHOD = 'HMAC-SHA1';
const SIGNATURE_VERSION = '1.0';
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
const REQUIRED = ['AccessKeyId', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp'];
const FORM = 'application/x-www-form-urlencoded';

/**
 * The query parameters, then those of a form-encoded body.
 * @param {import('./verify').ReceivedRequest} request
 * @returns {Array<[string, string]>}
 */
function receivedParameters(request) {
  const pairs = queryPairs(request.query, true);
  if (asciiLower(request.header('content-type') ?? '').startsWith(FORM) && request.body.length) {
    pairs.push(...queryPairs(request.body.toString('utf8'), true));
  }
  return pairs;
}

/**
 * Accept the request (return) or throw a Rejection; checks in this order: no parameter
 * repeated, Signature present, the required parameters present, SignatureMethod and
 * SignatureVersion, a non-empty signature and nonce, AccessKeyId known, Timestamp within the
 * window, signature, SignatureNonce not seen before.
 * @param {import('./verify').ReceivedRequest} request
 * @param {Record<string, string>} credentials AccessKeyId -> AccessKeySecret
 * @param {ReturnType<typeof import('./verify').settings>} server
 */
function verify(request, credentials, server) {
  /** @type {Map<string, string>} */
  const params = new Map();
  for (const [name, value] of receivedParameters(request)) {
    if (params.has(name)) throw new Rejection('malformed-auth', `parameter ${JSON.stringify(name)} is sent twice`);
    params.set(name, value);
  }
  if (!params.has('Signature')) throw new Rejection('missing-auth', 'no Signature parameter');
  const signature = params.get('Signature');
  params.delete('Signature');
  for (const name of REQUIRED) {
    if (!params.has(name)) throw new Rejection('malformed-auth', `no ${name} parameter`);
  }
  if (params.get('SignatureMethod') !== SIGNATURE_METHOD) {
    throw new Rejection('unsupported-algorithm', `SignatureMethod ${JSON.stringify(params.get('SignatureMethod'))}`);
  }
  if (params.get('SignatureVersion') !== SIGNATURE_VERSION) {
    throw new Rejection('unsupported-algorithm', `SignatureVersion ${JSON.stringify(params.get('SignatureVersion'))}`);
  }
  if (!signature) throw new Rejection('malformed-auth', 'the signature is empty');
  const nonce = params.get('SignatureNonce');
  if (!nonce) throw new Rejection('malformed-auth', 'the SignatureNonce is empty');
  const secret = lookupSecret(credentials, params.get('AccessKeyId'), 'AccessKeyId');
  const timestamp = parseUtc(params.get('Timestamp'), TIMESTAMP);
  if (timestamp === null) {
    throw new Rejection('malformed-auth', `Timestamp ${JSON.stringify(params.get('Timestamp'))} is not YYYY-MM-DDThh:mm:ssZ`);
  }
  checkWindow(timestamp, server.now, server.aliyunSkewSeconds, 'Timestamp');
  const toSign = aliyun.stringToSign(request.method, aliyun.canonicalizedQueryString([...params]));
  const expected = hmacSha1(aliyun.signingKey(secret), toSign).toString('base64');
  if (!sameSignature(expected, signature)) throw new Rejection('signature-mismatch', "the signature differs from the server's");
  if (server.seenNonces.has(nonce)) throw new Rejection('replay', `SignatureNonce ${JSON.stringify(nonce)} was used before`);
}

module.exports = { SCHEME, receivedParameters, verify };
