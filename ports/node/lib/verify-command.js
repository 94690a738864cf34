'use strict';
/**
 * The `verify` command of the line protocol (runner/PROTOCOL.md): a received request, the
 * server's credentials and state in; a verdict out, from each scheme's verifier.
 */

const { Buffer } = require('node:buffer');
const { ReceivedRequest, Rejection, settings } = require('./verify');

/** scheme id -> verifier module; `start` announces the keys. */
const VERIFIERS = Object.fromEntries(
  ['./aws-sigv4-verify', './tencent-tc3-verify', './aliyun-rpc-verify', './iflytek-verify']
    .map((path) => require(path))
    .map((module) => [module.SCHEME, module]),
);

/**
 * The message's request, or a one-line error naming the field.
 * @param {any} request
 * @returns {ReceivedRequest}
 */
function receivedRequest(request) {
  if (!request || typeof request !== 'object') throw new Error('request: expected an object');
  for (const name of ['method', 'target']) {
    if (typeof request[name] !== 'string' || !request[name]) throw new Error(`request.${name}: expected a non-empty string`);
  }
  const headers = request.headers ?? [];
  if (!Array.isArray(headers) || !headers.every((h) => Array.isArray(h) && h.length === 2 && h.every((p) => typeof p === 'string'))) {
    throw new Error('request.headers: expected a list of [name, value] string pairs');
  }
  let body;
  if (request.body_base64 !== undefined) {
    if (typeof request.body_base64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(request.body_base64)) {
      throw new Error('request.body_base64: expected standard base64');
    }
    body = Buffer.from(request.body_base64, 'base64');
  } else {
    if (typeof (request.body ?? '') !== 'string') throw new Error('request.body: expected a string');
    body = Buffer.from(request.body ?? '', 'utf8');
  }
  return new ReceivedRequest(request.method, request.target, headers, body);
}

/**
 * @param {any} msg a verify command
 * @returns {object} the answer: a verdict, or skipped
 */
function verifyCommand(msg) {
  const verifier = Object.hasOwn(VERIFIERS, msg.scheme) ? VERIFIERS[msg.scheme] : undefined;
  if (!verifier) return { seq: msg.seq, skipped: true, message: `scheme not verified: ${msg.scheme}` };
  const server = msg.server ?? {};
  const now = Date.parse(server.now);
  if (typeof server.now !== 'string' || Number.isNaN(now)) throw new Error('server.now: expected an ISO 8601 UTC time');
  const credentials = msg.credentials && typeof msg.credentials === 'object' ? msg.credentials : {};
  try {
    verifier.verify(receivedRequest(msg.request), credentials, settings(now / 1000, server));
  } catch (err) {
    if (err instanceof Rejection) return { seq: msg.seq, verdict: 'invalid', reason: err.reason, message: err.message };
    throw err;
  }
  return { seq: msg.seq, verdict: 'valid' };
}

module.exports = { VERIFIERS, verifyCommand };
