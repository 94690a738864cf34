// A real client for `sigvec serve`: @smithy/signature-v4 signs, Node's fetch sends.
// Usage: node smithy_fetch.mjs NODE_MODULES URL SERVICE SECRET  -> prints the HTTP status,
// a tab, and the X-Sigvec-Reason header (or "-").
import { createRequire } from "node:module";
import path from "node:path";

const [nodeModules, url, service, secret] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(nodeModules), "noop.js"));
const { SignatureV4 } = require("@smithy/signature-v4");
const { Hash } = require("@smithy/hash-node");

const target = new URL(url);
const body = JSON.stringify({ name: "sigvec", items: [1, 2, 3] });
const signer = new SignatureV4({
  service,
  region: "eu-west-1",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret },
  sha256: Hash.bind(null, "sha256"),
  uriEscapePath: service !== "s3",
  applyChecksum: service === "s3",
});
const query = {};
for (const [key, value] of target.searchParams) query[key] = value;
const signed = await signer.sign({
  method: "POST",
  protocol: target.protocol,
  hostname: target.hostname,
  port: Number(target.port),
  path: target.pathname,
  query,
  headers: { host: target.host, "content-type": "application/json" },
  body,
});
const headers = { ...signed.headers };
delete headers.host; // fetch sets Host itself, to the same value
const response = await fetch(url, { method: "POST", headers, body });
console.log(`${response.status}\t${response.headers.get("x-sigvec-reason") ?? "-"}`);
