using System;
using System.Collections.Generic;
using System.Json;

namespace Sigvec.Port
{
    /// <summary>iFlytek-style app signature:
    /// base64(HMAC-SHA1(key = app_secret, msg = hex(MD5(app_id + ts)))).</summary>
    public static class Iflytek
    {
        public const string Scheme = "iflytek";

        public static readonly string[] Steps = { "base_string", "md5_hex", "hmac_sha1_hex" };

        /// <summary>app_id followed by ts, exactly as sent (leading zeros kept).</summary>
        public static string BaseString(string appId, string ts) => appId + ts;

        /// <summary>Lower-case hex of MD5 over the UTF-8 bytes: this TEXT is what gets signed,
        /// not the 16 raw digest bytes.</summary>
        public static string Md5Hex(string baseString) => SigEncoding.Md5Hex(SigEncoding.Utf8(baseString));

        /// <summary>HMAC-SHA1 keyed with the secret's UTF-8 bytes used verbatim (not base64- or
        /// URL-decoded), over the ASCII hex text of the MD5.</summary>
        public static byte[] HmacSha1(string appSecret, string md5Hex) =>
            SigEncoding.HmacSha1(SigEncoding.Utf8(appSecret), SigEncoding.Utf8(md5Hex));

        public static string Signature(byte[] hmacSha1) => Convert.ToBase64String(hmacSha1);

        /// <summary><c>appid=..&amp;ts=..&amp;signa=..</c>, each value RFC 3986-encoded (the
        /// signature's '+', '/' and '=' included).</summary>
        public static string Query(string appId, string ts, string signature) =>
            "appid=" + SigEncoding.PercentEncode(appId) + "&ts=" + SigEncoding.PercentEncode(ts) +
            "&signa=" + SigEncoding.PercentEncode(signature);

        public static Signed SignIflytek(string appId, string ts, string appSecret)
        {
            string baseString = BaseString(appId, ts);
            string md5Hex = Md5Hex(baseString);
            byte[] digest = HmacSha1(appSecret, md5Hex);
            string signature = Signature(digest);
            var result = new Signed(Scheme)
                .Step("base_string", baseString)
                .Step("md5_hex", md5Hex)
                .Step("hmac_sha1_hex", SigEncoding.Hex(digest))
                .Out("signature", signature)
                .Out("query", Query(appId, ts, signature));
            result.Headers = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("X-App-Key", appId),
                new KeyValuePair<string, string>("X-Timestamp", ts),
                new KeyValuePair<string, string>("X-App-Signature", signature),
            };
            return result;
        }

        /// <summary>Signs one vector input (fields as in vectors/schema/iflytek.schema.json).</summary>
        public static Signed Run(JsonObject input) =>
            SignIflytek(Input.Str(input, "app_id"), Input.Str(input, "ts"), Input.Str(input, "app_secret"));
    }
}
