'use strict';
/**
 * Verify the iFlytek-style app signature: headers X-App-Key, X-Timestamp, X-App-Signature, or
 * query appid, ts, signa (form decoding: '+' is a space, so a signature sent without
 * URL-encoding fails, as on a servlet or PHP server). Method, path, other query parameters and
 * body are not signed.
 */

const iflytek = require('./iflytek');
const { Rejection, checkWindow, isDigits, lookupSecret, queryPairs, sameSignature, single, valuesOf } = require('./verify');

const SCHEME = iflytek.SCHEME;
const HEADER_NAMES = ['X-App-Key', 'X-Timestamp', 'X-App-Signature'];
const QUERY_NAMES = ['appid', 'ts', 'signa'];
/** The timestamp: UNIX seconds, at most this many digits. */
const MAX_TIMESTAMP_DIGITS = 15;

/**
 * The app id, timestamp and signature: from the headers when any of them is sent, else from
 * the query.
 * @param {import('./verify').ReceivedRequest} request
 * @returns {[string, string, string]}
 */
function receivedAuth(request) {
  let names = HEADER_NAMES;
  let values = HEADER_NAMES.map((name) => request.headerValues(name));
  if (values.every((sent) => !sent.length)) {
    names = QUERY_NAMES;
    const pairs = queryPairs(request.query, true);
    values = QUERY_NAMES.map((name) => valuesOf(pairs, name));
    if (values.every((sent) => !sent.length)) throw new Rejection('missing-auth', 'no X-App-Key/X-App-Signature/X-Timestamp, no signa');
  }
  const found = values.map((sent, i) => single(sent, names[i]));
  found.forEach((value, i) => {
    if (value === undefined) throw new Rejection('malformed-auth', `no ${names[i]}`);
  });
  return /** @type {[string, string, string]} */ (found);
}

/**
 * Accept the request (return) or throw a Rejection; checks in this order: the three values
 * present once each, a non-empty signature, app id known, the timestamp (UNIX seconds) within
 * the window, signature.
 * @param {import('./verify').ReceivedRequest} request
 * @param {Record<string, string>} credentials app id -> app secret
 * @param {ReturnType<typeof import('./verify').settings>} server
 */
function verify(request, credentials, server) {
  const [appId, ts, signature] = receivedAuth(request);
  if (!signature) throw new Rejection('malformed-auth', 'the signature is empty');
  const secret = lookupSecret(credentials, appId, 'app id');
  if (!isDigits(ts, MAX_TIMESTAMP_DIGITS)) throw new Rejection('malformed-auth', `timestamp ${JSON.stringify(ts)}: expected UNIX seconds`);
  checkWindow(Number(ts), server.now, server.iflytekSkewSeconds, 'the timestamp');
  const expected = iflytek.hmacSha1(secret, iflytek.md5Hex(iflytek.baseString(appId, ts))).toString('base64');
  if (!sameSignature(expected, signature)) throw new Rejection('signature-mismatch', "the signature differs from the server's");
}

module.exports = { SCHEME, receivedAuth, verify };
