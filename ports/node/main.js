'use strict';
/**
 * sigvec line protocol (version 1) entry point: one JSON object per line on stdin, one answer
 * per line on stdout. Logs go to stderr only.
 */

const readline = require('node:readline');
const aws = require('./lib/aws-sigv4');
const tencent = require('./lib/tencent-tc3');
const aliyun = require('./lib/aliyun-rpc');
const iflytek = require('./lib/iflytek');
const awssigv4streaming = require('./lib/aws-sigv4-streaming');
const aliyunacs3 = require('./lib/aliyun-acs3');
const iflytekws = require('./lib/iflytek-ws');
// scaffold: requires
const { VERIFIERS, verifyCommand } = require('./lib/verify-command');

const PROTOCOL_VERSION = 1;
/** @type {Record<string, {STEPS: string[], sign: (input: unknown) => {intermediates: object, output: object}}>} */
const SCHEMES = {
  [aws.SCHEME]: aws,
  [tencent.SCHEME]: tencent,
  [aliyun.SCHEME]: aliyun,
  [iflytek.SCHEME]: iflytek,
  [awssigv4streaming.SCHEME]: awssigv4streaming,
  [aliyunacs3.SCHEME]: aliyunacs3,
  [iflytekws.SCHEME]: iflytekws,
  // scaffold: schemes
};

/**
 * @param {object} message
 */
function send(message) {
  // Each line goes to the pipe as written unless the reader lags (then Node buffers it; see
  // the exit on 'close' below).
  process.stdout.write(JSON.stringify(message) + '\n', 'utf8');
}

/**
 * @param {any} msg a parsed request
 * @returns {object | null} the answer, or null for none
 */
function handle(msg) {
  switch (msg.cmd) {
    case 'start':
      if (msg.version !== PROTOCOL_VERSION) return { ready: false, version: PROTOCOL_VERSION };
      return {
        ready: true,
        version: PROTOCOL_VERSION,
        pipeline: 64,
        implementation: {
          name: 'sigvec-node',
          language: 'node',
          version: process.version,
          schemes: Object.fromEntries(Object.entries(SCHEMES).map(([id, s]) => [id, s.STEPS])),
          verify: Object.keys(VERIFIERS),
        },
      };
    case 'run': {
      const scheme = Object.hasOwn(SCHEMES, msg.scheme) ? SCHEMES[msg.scheme] : undefined;
      if (!scheme) return { seq: msg.seq, skipped: true, message: `scheme not supported: ${msg.scheme}` };
      const { intermediates, output } = scheme.sign(msg.input);
      return { seq: msg.seq, intermediates, output };
    }
    case 'verify':
      return verifyCommand(msg);
    default:
      throw new Error(`unknown cmd ${JSON.stringify(msg.cmd)}`);
  }
}

function main() {
  process.stdin.setEncoding('utf8');
  process.stdout.setDefaultEncoding('utf8');
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  let stopped = false;
  lines.on('line', (line) => {
    if (stopped || !line.trim()) return; // close() may still deliver lines read after stop
    let msg;
    try {
      msg = JSON.parse(line);
      if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) throw new Error('request is not a JSON object');
      if (msg.cmd === 'stop') {
        stopped = true;
        lines.close();
        return;
      }
      const answer = handle(msg);
      if (answer) send(answer);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      process.stderr.write(`sigvec-node: ${error.stack}\n`);
      send({
        seq: msg && typeof msg === 'object' ? msg.seq ?? null : null,
        errored: true,
        context: { message: error.message, traceback: error.stack ?? '' },
      });
    }
  });
  // Exit once every answer written so far is out: a pipe the runner has not read yet holds
  // them in Node's buffer, and process.exit() would drop them.
  lines.on('close', () => process.stdout.write('', () => process.exit(0)));
}

main();
