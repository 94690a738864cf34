using System;
using System.Collections.Generic;
using System.Globalization;
using System.Json;
using System.Linq;
using System.Text;

namespace Sigvec.Port
{
    /// <summary>A Tencent Cloud API 3.0 request; optional fields carry the documented defaults.</summary>
    public sealed class TencentRequest
    {
        public string SecretId;
        public string SecretKey;
        public string Service;
        public string Host;
        public string Action;
        public string Version;
        /// <summary>UNIX seconds.</summary>
        public long Timestamp;
        public string Method;
        /// <summary>The exact body sent; "" for GET.</summary>
        public string Payload;
        /// <summary>Canonical query string for GET; "" for POST.</summary>
        public string Query;
        public string ContentType = TencentTc3.DefaultContentType;
        /// <summary>Null or empty: no X-TC-Region header.</summary>
        public string Region;
        /// <summary>Null or empty: no X-TC-Token header.</summary>
        public string Token;
        /// <summary>Lower-case names of the headers to sign.</summary>
        public IList<string> SignedHeaders = TencentTc3.DefaultSignedHeaders;
    }

    /// <summary>Tencent Cloud API 3.0 signature, TC3-HMAC-SHA256.</summary>
    public static class TencentTc3
    {
        public const string Scheme = "tencent-tc3";
        public const string Algorithm = "TC3-HMAC-SHA256";
        public const string DefaultContentType = "application/json; charset=utf-8";
        public static readonly IList<string> DefaultSignedHeaders = Array.AsReadOnly(new[] { "content-type", "host" });

        public static readonly string[] Steps =
        {
            "hashed_request_payload", "canonical_headers", "signed_headers", "canonical_request",
            "date", "credential_scope", "hashed_canonical_request", "string_to_sign",
            "secret_date_hex", "secret_service_hex", "secret_signing_hex",
        };

        /// <summary>The value of every header the scheme can sign, keyed by lower-case name.</summary>
        public static Dictionary<string, string> HeaderValues(TencentRequest req)
        {
            var values = new Dictionary<string, string>
            {
                ["content-type"] = req.ContentType ?? DefaultContentType,
                ["host"] = req.Host,
                ["x-tc-action"] = req.Action,
                ["x-tc-timestamp"] = req.Timestamp.ToString(CultureInfo.InvariantCulture),
                ["x-tc-version"] = req.Version,
            };
            if (!string.IsNullOrEmpty(req.Region)) values["x-tc-region"] = req.Region;
            if (!string.IsNullOrEmpty(req.Token)) values["x-tc-token"] = req.Token;
            return values;
        }

        public static string HashedRequestPayload(string payload) => SigEncoding.Sha256Hex(SigEncoding.Utf8(payload));

        /// <summary><c>name:value\n</c> per signed header in the given (sorted) order. Tencent
        /// lower-cases header VALUES too (ASCII only), so x-tc-action carries the action in lower case.</summary>
        public static string CanonicalHeaders(IEnumerable<string> sortedNames, IDictionary<string, string> values)
        {
            var sb = new StringBuilder();
            foreach (string name in sortedNames)
            {
                sb.Append(name).Append(':').Append(SigEncoding.AsciiLower(SigEncoding.AsciiStrip(values[name]))).Append('\n');
            }
            return sb.ToString();
        }

        public static string SignedHeaders(IEnumerable<string> sortedNames) => string.Join(";", sortedNames);

        /// <summary>The canonical URI is always "/"; an empty query still leaves its blank line.</summary>
        public static string CanonicalRequest(string method, string query, string canonicalHeaders,
            string signedHeaders, string hashedPayload) =>
            string.Join("\n", method, "/", query, canonicalHeaders, signedHeaders, hashedPayload);

        /// <summary>The UTC date (YYYY-MM-DD) of the timestamp -- never the local date.</summary>
        public static string Date(long timestamp) =>
            DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);

        public static string CredentialScope(string date, string service) => date + "/" + service + "/tc3_request";

        public static string HashedCanonicalRequest(string canonicalRequest) =>
            SigEncoding.Sha256Hex(SigEncoding.Utf8(canonicalRequest));

        public static string StringToSign(long timestamp, string credentialScope, string hashedCanonicalRequest) =>
            Algorithm + "\n" + timestamp.ToString(CultureInfo.InvariantCulture) + "\n" + credentialScope + "\n" + hashedCanonicalRequest;

        public static byte[] SecretDate(string secretKey, string date) =>
            SigEncoding.HmacSha256(SigEncoding.Utf8("TC3" + secretKey), date);

        public static byte[] SecretService(byte[] secretDate, string service) => SigEncoding.HmacSha256(secretDate, service);

        public static byte[] SecretSigning(byte[] secretService) => SigEncoding.HmacSha256(secretService, "tc3_request");

        public static string Signature(byte[] secretSigning, string stringToSign) =>
            SigEncoding.Hex(SigEncoding.HmacSha256(secretSigning, stringToSign));

        public static string Authorization(string secretId, string credentialScope, string signedHeaders, string signature) =>
            Algorithm + " Credential=" + secretId + "/" + credentialScope +
            ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;

        public static Signed Sign(TencentRequest req)
        {
            var values = HeaderValues(req);
            var names = (req.SignedHeaders ?? DefaultSignedHeaders).ToList();
            names.Sort(SigEncoding.CodePointOrder);
            foreach (string name in names)
            {
                if (!values.ContainsKey(name))
                {
                    throw new InputException("signed_headers", "names '" + name + "', but the input has no value");
                }
            }
            string payloadHash = HashedRequestPayload(req.Payload);
            string headers = CanonicalHeaders(names, values);
            string signed = SignedHeaders(names);
            string creq = CanonicalRequest(req.Method, req.Query, headers, signed, payloadHash);
            string date = Date(req.Timestamp);
            string scope = CredentialScope(date, req.Service);
            string creqHash = HashedCanonicalRequest(creq);
            string toSign = StringToSign(req.Timestamp, scope, creqHash);
            byte[] secretDate = SecretDate(req.SecretKey, date);
            byte[] secretService = SecretService(secretDate, req.Service);
            byte[] secretSigning = SecretSigning(secretService);
            string signature = Signature(secretSigning, toSign);
            string authorization = Authorization(req.SecretId, scope, signed, signature);

            var sent = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("Authorization", authorization),
                new KeyValuePair<string, string>("Content-Type", values["content-type"]),
                new KeyValuePair<string, string>("Host", req.Host),
                new KeyValuePair<string, string>("X-TC-Action", req.Action),
                new KeyValuePair<string, string>("X-TC-Timestamp", values["x-tc-timestamp"]),
                new KeyValuePair<string, string>("X-TC-Version", req.Version),
            };
            if (values.ContainsKey("x-tc-region")) sent.Add(new KeyValuePair<string, string>("X-TC-Region", values["x-tc-region"]));
            if (values.ContainsKey("x-tc-token")) sent.Add(new KeyValuePair<string, string>("X-TC-Token", values["x-tc-token"]));

            var result = new Signed(Scheme)
                .Step("hashed_request_payload", payloadHash)
                .Step("canonical_headers", headers)
                .Step("signed_headers", signed)
                .Step("canonical_request", creq)
                .Step("date", date)
                .Step("credential_scope", scope)
                .Step("hashed_canonical_request", creqHash)
                .Step("string_to_sign", toSign)
                .Step("secret_date_hex", SigEncoding.Hex(secretDate))
                .Step("secret_service_hex", SigEncoding.Hex(secretService))
                .Step("secret_signing_hex", SigEncoding.Hex(secretSigning))
                .Out("signature", signature)
                .Out("authorization", authorization);
            result.Headers = sent;
            return result;
        }

        /// <summary>Signs one vector input (fields as in vectors/schema/tencent-tc3.schema.json).</summary>
        public static Signed Run(JsonObject input)
        {
            var req = new TencentRequest
            {
                SecretId = Input.Str(input, "secret_id"),
                SecretKey = Input.Str(input, "secret_key"),
                Service = Input.Str(input, "service"),
                Host = Input.Str(input, "host"),
                Action = Input.Str(input, "action"),
                Version = Input.Str(input, "version"),
                Timestamp = Input.Long(input, "timestamp"),
                Method = Input.Str(input, "method"),
                Payload = Input.Str(input, "payload"),
                Query = Input.Str(input, "query"),
                ContentType = Input.OptStr(input, "content_type", DefaultContentType),
                Region = Input.OptStr(input, "region", null),
                Token = Input.OptStr(input, "token", null),
            };
            if (input.ContainsKey("signed_headers")) req.SignedHeaders = Input.Texts(input, "signed_headers");
            return Sign(req);
        }
    }
}
