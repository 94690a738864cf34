// The sigvec line protocol for the Node SDK adapters: one loop, a skip, and the AWS helpers.
// Each adapter (one file per SDK) maps a vector's input onto its SDK's public API and reports
// what the SDK produced; it never computes a signature itself. `Skip` says the SDK's API cannot
// express the input (a skip, not a failure).
"use strict";
const readline = require("node:readline");

class Skip extends Error {}

function serve(name, version, handlers) {
  const schemes = Object.fromEntries(Object.entries(handlers).map(([s, [steps]]) => [s, steps]));
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  let queue = Promise.resolve(); // answers in order, even from async handlers
  lines.on("line", (line) => {
    queue = queue.then(async () => {
      const message = JSON.parse(line);
      if (message.cmd === "stop") process.exit(0);
      let reply;
      if (message.cmd === "start") {
        reply = { ready: true, version: 1, implementation: { name, language: "node", version, schemes } };
      } else {
        reply = { seq: message.seq, ...(await run(handlers, message)) };
      }
      process.stdout.write(JSON.stringify(reply) + "\n");
    });
  });
  lines.on("close", () => queue.then(() => process.exit(0)));
}

async function run(handlers, message) {
  if (!handlers[message.scheme]) {
    return { skipped: true, message: `${message.scheme} is not signed by this SDK` };
  }
  try {
    return await handlers[message.scheme][1](message.input);
  } catch (error) {
    if (error instanceof Skip) return { skipped: true, message: error.message };
    return { errored: true, context: { message: String(error && error.message ? error.message : error), traceback: String(error && error.stack) } };
  }
}

// The (name, value) pairs of a vector's raw query, as a client holds them before sending: split
// on '&' (empty pieces dropped) and the first '=', percent-decoded ('+' stays a plus).
function decodedQuery(query) {
  return (query || "").split("&").filter((piece) => piece).map((piece) => {
    const at = piece.indexOf("=");
    const [name, value] = at < 0 ? [piece, ""] : [piece.slice(0, at), piece.slice(at + 1)];
    return [decodeURIComponent(name), decodeURIComponent(value)];
  });
}

// An HTTP client refuses a field name that is not an RFC 9110 token, and a map of headers holds
// one value per name.
function headerMap(headers, client) {
  const map = {};
  const seen = new Set();
  for (const [name, value] of headers) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new Skip(`${client} refuses the header name ${JSON.stringify(name)} (not an HTTP token)`);
    }
    if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) {
      throw new Skip(`${client} refuses the value of ${name} (a line break, or a character beyond Latin-1)`);
    }
    if (seen.has(name.toLowerCase())) {
      throw new Skip(`${client} takes headers as a map: one value per name, not a repeated ${name}`);
    }
    seen.add(name.toLowerCase());
    map[name] = value;
  }
  return map;
}

// The path as a URL holds it: raw characters encoded (RFC 3986), existing escapes kept. What an
// SDK's client does before a signer that takes the path as already encoded.
function urlPath(path) {
  return Array.from(Buffer.from(path, "utf8")).map((byte) => {
    const c = String.fromCharCode(byte);
    return /[A-Za-z0-9\-._~\/%]/.test(c) ? c : "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }).join("");
}

function body(input) {
  if (input.body_base64 !== undefined) return Buffer.from(input.body_base64, "base64");
  return input.body !== undefined ? Buffer.from(input.body, "utf8") : undefined;
}

// "20150830T123600Z" -> Date
function amzDate(timestamp) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(timestamp);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

const AWS_STEPS = ["canonical_uri", "canonical_query_string", "canonical_headers", "signed_headers",
  "hashed_payload", "canonical_request", "credential_scope", "hashed_canonical_request", "string_to_sign"];

// The SDK's canonical request and string to sign, cut into the vector's steps.
function awsIntermediates(canonicalRequest, stringToSign) {
  const lines = canonicalRequest.split("\n");
  const sts = stringToSign.split("\n");
  return {
    canonical_uri: lines[1],
    canonical_query_string: lines[2],
    canonical_headers: lines.slice(3, -3).join("\n") + "\n",
    signed_headers: lines[lines.length - 2],
    hashed_payload: lines[lines.length - 1],
    canonical_request: canonicalRequest,
    credential_scope: sts[2],
    hashed_canonical_request: sts[3],
    string_to_sign: stringToSign,
  };
}

function version(pkg) {
  const file = require("node:path").join(__dirname, "node_modules", pkg, "package.json");
  return JSON.parse(require("node:fs").readFileSync(file, "utf8")).version;
}

module.exports = { Skip, serve, decodedQuery, headerMap, urlPath, body, amzDate, AWS_STEPS, awsIntermediates, version };
