using System;
using System.Json;

namespace Sigvec.Port
{
    /// <summary>iFlytek WebSocket/HTTP URL authentication (HMAC-SHA256): the signature covers the
    /// host, the RFC 1123 date and the request line; base64 of the signed "authorization" travels
    /// in the URL as <c>authorization</c>, <c>date</c> and <c>host</c> query parameters.</summary>
    public static class IflytekWs
    {
        public const string Scheme = "iflytek-ws";

        public static readonly string[] Steps =
            { "request_line", "signature_origin", "hmac_sha256_hex", "authorization_origin" };

        /// <summary><c>METHOD path HTTP/1.1</c>: method and path verbatim, the version included.</summary>
        public static string RequestLine(string method, string path) => method + " " + path + " HTTP/1.1";

        /// <summary><c>host: H\ndate: D\nREQUEST-LINE</c>: one space after each colon, no final newline.</summary>
        public static string SignatureOrigin(string host, string date, string requestLine) =>
            "host: " + host + "\ndate: " + date + "\n" + requestLine;

        /// <summary>HMAC-SHA256 keyed with the secret's UTF-8 bytes verbatim (never base64-decoded,
        /// although it looks like base64).</summary>
        public static byte[] HmacSha256(string apiSecret, string signatureOrigin) =>
            SigEncoding.HmacSha256(SigEncoding.Utf8(apiSecret), signatureOrigin);

        /// <summary>Standard base64 of the 32 raw digest bytes (not of their hex).</summary>
        public static string Signature(byte[] digest) => Convert.ToBase64String(digest);

        /// <summary>The header NAMES <c>host date request-line</c> (never their values), the parts
        /// separated by <c>", "</c>.</summary>
        public static string AuthorizationOrigin(string apiKey, string signature) =>
            "api_key=\"" + apiKey + "\", algorithm=\"hmac-sha256\", headers=\"host date request-line\", signature=\"" +
            signature + "\"";

        public static string Authorization(string authorizationOrigin) =>
            Convert.ToBase64String(SigEncoding.Utf8(authorizationOrigin));

        /// <summary><c>authorization=..&amp;date=..&amp;host=..</c>, each value RFC 3986-encoded.</summary>
        public static string Query(string authorization, string date, string host) =>
            "authorization=" + SigEncoding.PercentEncode(authorization) + "&date=" + SigEncoding.PercentEncode(date) +
            "&host=" + SigEncoding.PercentEncode(host);

        public static Signed Sign(string apiKey, string apiSecret, string host, string path, string method, string date)
        {
            string requestLine = RequestLine(method, path);
            string origin = SignatureOrigin(host, date, requestLine);
            byte[] digest = HmacSha256(apiSecret, origin);
            string signature = Signature(digest);
            string authorizationOrigin = AuthorizationOrigin(apiKey, signature);
            string authorization = Authorization(authorizationOrigin);
            return new Signed(Scheme)
                .Step("request_line", requestLine)
                .Step("signature_origin", origin)
                .Step("hmac_sha256_hex", SigEncoding.Hex(digest))
                .Step("authorization_origin", authorizationOrigin)
                .Out("signature", signature)
                .Out("authorization", authorization)
                .Out("query", Query(authorization, date, host));
        }

        /// <summary>Signs one vector input (fields as in vectors/schema/iflytek-ws.schema.json).</summary>
        public static Signed Run(JsonObject input) =>
            Sign(Input.Str(input, "api_key"), Input.Str(input, "api_secret"), Input.Str(input, "host"),
                Input.Str(input, "path"), Input.OptStr(input, "method", "GET"), Input.Str(input, "date"));
    }
}
