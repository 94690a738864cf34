using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Json;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Sigvec.Port
{
    /// <summary>The sigvec line protocol (runner/PROTOCOL.md): one JSON object per line on
    /// stdin, one answer per line on stdout, UTF-8 both ways whatever the locale.</summary>
    public static class Program
    {
        private const int ProtocolVersion = 1;

        public static int Main(string[] args)
        {
            // Never the platform charset: LANG=C would make it ASCII. No BOM on output.
            var utf8 = new UTF8Encoding(false);
            Console.InputEncoding = utf8;
            Console.OutputEncoding = utf8;
            var stdin = new StreamReader(Console.OpenStandardInput(), utf8, false);
            var stdout = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = false };

            string line;
            while ((line = stdin.ReadLine()) != null)
            {
                if (line.Trim().Length == 0) continue;
                bool stop;
                JsonValue answer = Handle(line, out stop);
                if (stop) break;
                if (answer != null)
                {
                    stdout.Write(answer.ToString());
                    stdout.Write('\n');
                    stdout.Flush();
                }
            }
            stdout.Flush();
            return 0;
        }

        /// <summary>Answers one request line; null when there is nothing to answer.</summary>
        public static JsonValue Handle(string line, out bool stop)
        {
            stop = false;
            JsonValue seq = null;
            try
            {
                var msg = JsonValue.Parse(line) as JsonObject;
                if (msg == null) throw new FormatException("request is not a JSON object");
                if (msg.ContainsKey("seq")) seq = msg["seq"];
                string cmd = msg.ContainsKey("cmd") && msg["cmd"] != null && msg["cmd"].JsonType == JsonType.String
                    ? (string)msg["cmd"] : null;
                switch (cmd)
                {
                    case "start":
                        return Start(msg);
                    case "stop":
                        stop = true;
                        return null;
                    case "run":
                        return Run(msg);
                    default:
                        throw new FormatException("unknown cmd " + (msg.ContainsKey("cmd") ? Show(msg["cmd"]) : "(missing)"));
                }
            }
            catch (Exception e)
            {
                Console.Error.WriteLine("sigvec-csharp: " + e.GetType().Name + ": " + e.Message);
                var answer = new JsonObject();
                if (seq != null) answer["seq"] = seq;
                answer["errored"] = true;
                answer["context"] = new JsonObject
                {
                    { "message", e.Message },
                    { "traceback", e.ToString() },
                };
                return answer;
            }
        }

        private static JsonObject Start(JsonObject msg)
        {
            if (!msg.ContainsKey("version") || Show(msg["version"]) != "1")
            {
                return new JsonObject { { "ready", false }, { "version", ProtocolVersion } };
            }
            var schemes = new JsonObject
            {
                { AwsSigV4.Scheme, StringArray(AwsSigV4.Steps) },
                { TencentTc3.Scheme, StringArray(TencentTc3.Steps) },
                { AliyunRpc.Scheme, StringArray(AliyunRpc.Steps) },
                { Iflytek.Scheme, StringArray(Iflytek.Steps) },
                { AwsSigv4Streaming.Scheme, StringArray(AwsSigv4Streaming.Steps) },
                { AliyunAcs3.Scheme, StringArray(AliyunAcs3.Steps) },
                { IflytekWs.Scheme, StringArray(IflytekWs.Steps) },
                // scaffold: steps
            };
            var implementation = new JsonObject
            {
                { "name", "sigvec-csharp" },
                { "language", "csharp" },
                { "version", RuntimeVersion() },
                { "schemes", schemes },
            };
            return new JsonObject { { "ready", true }, { "version", ProtocolVersion }, { "pipeline", 64 }, { "implementation", implementation } };
        }

        private static JsonObject Run(JsonObject msg)
        {
            var answer = new JsonObject();
            answer["seq"] = msg.ContainsKey("seq") ? msg["seq"] : null;
            string scheme = msg.ContainsKey("scheme") && msg["scheme"] != null && msg["scheme"].JsonType == JsonType.String
                ? (string)msg["scheme"] : null;
            var input = msg.ContainsKey("input") ? msg["input"] as JsonObject : null;
            Signed signed;
            switch (scheme)
            {
                case AwsSigV4.Scheme:
                    signed = AwsSigV4.Sign(Input.Aws(Required(input)));
                    break;
                case TencentTc3.Scheme:
                    signed = TencentTc3.Sign(Input.Tencent(Required(input)));
                    break;
                case AliyunRpc.Scheme:
                    input = Required(input);
                    signed = AliyunRpc.Sign(Input.Str(input, "method"), Input.Str(input, "access_key_secret"),
                        Input.StringMap(input, "params"));
                    break;
                case Iflytek.Scheme:
                    input = Required(input);
                    signed = Iflytek.SignIflytek(Input.Str(input, "app_id"), Input.Str(input, "ts"),
                        Input.Str(input, "app_secret"));
                    break;
                case AwsSigv4Streaming.Scheme: signed = AwsSigv4Streaming.Run(Required(input)); break;
                case AliyunAcs3.Scheme: signed = AliyunAcs3.Run(Required(input)); break;
                case IflytekWs.Scheme: signed = IflytekWs.Run(Required(input)); break;
                // scaffold: dispatch
                default:
                    answer["skipped"] = true;
                    answer["message"] = "scheme not supported: " + (scheme ?? "(none)");
                    return answer;
            }
            answer["intermediates"] = ToJson(signed.Intermediates);
            var output = ToJson(signed.Output);
            if (signed.Headers != null) output["headers"] = ToJson(signed.Headers);
            answer["output"] = output;
            return answer;
        }

        private static JsonObject Required(JsonObject input) =>
            input ?? throw new InputException("", "missing or not an object");

        // System.Json's JsonObject keeps keys sorted, not in insertion order; the runner compares
        // intermediates by name and headers as maps, so that is fine.
        private static JsonObject ToJson(IEnumerable<KeyValuePair<string, string>> pairs)
        {
            var obj = new JsonObject();
            foreach (var pair in pairs) obj[pair.Key] = pair.Value;
            return obj;
        }

        private static JsonArray StringArray(IEnumerable<string> items)
        {
            var array = new JsonArray();
            foreach (string item in items) array.Add(item);
            return array;
        }

        private static string Show(JsonValue value) => value == null ? "null" : value.ToString();

        private static string RuntimeVersion()
        {
            var mono = Type.GetType("Mono.Runtime");
            var display = mono?.GetMethod("GetDisplayName", BindingFlags.NonPublic | BindingFlags.Static);
            if (display?.Invoke(null, null) is string name && name.Length > 0)
            {
                return "mono " + name.Split(' ')[0];
            }
            return ".NET " + Environment.Version;
        }
    }

    /// <summary>Reads the vectors' input objects into the request types, with the documented
    /// defaults for absent optional fields and a field-naming error for wrong types.</summary>
    public static class Input
    {
        private static readonly Regex StrictBase64 = new Regex("^[A-Za-z0-9+/]*={0,2}$", RegexOptions.CultureInvariant);

        private static JsonValue Field(JsonObject obj, string key, bool required)
        {
            if (obj.ContainsKey(key)) return obj[key];
            if (required) throw new InputException(key, "missing");
            return null;
        }

        public static string Str(JsonObject obj, string key) => OptStr(obj, key, null, true);

        public static string OptStr(JsonObject obj, string key, string fallback, bool required = false)
        {
            var value = Field(obj, key, required);
            if (value == null && !obj.ContainsKey(key)) return fallback;
            if (value == null || value.JsonType != JsonType.String) throw new InputException(key, "expected a string");
            return (string)value;
        }

        public static bool OptBool(JsonObject obj, string key, bool fallback)
        {
            var value = Field(obj, key, false);
            if (value == null && !obj.ContainsKey(key)) return fallback;
            if (value == null || value.JsonType != JsonType.Boolean) throw new InputException(key, "expected true or false");
            return (bool)value;
        }

        public static long Long(JsonObject obj, string key) => OptLong(obj, key, 0, true);

        public static long OptLong(JsonObject obj, string key, long fallback, bool required = false)
        {
            var value = Field(obj, key, required);
            if (value == null && !obj.ContainsKey(key)) return fallback;
            // JsonPrimitive.ToString() gives the number as parsed; accept integers only.
            if (value == null || value.JsonType != JsonType.Number ||
                !long.TryParse(value.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number))
            {
                throw new InputException(key, "expected an integer");
            }
            return number;
        }

        public static Dictionary<string, string> StringMap(JsonObject obj, string key)
        {
            var map = Field(obj, key, true) as JsonObject ?? throw new InputException(key, "expected an object");
            var result = new Dictionary<string, string>();
            foreach (var pair in map)
            {
                if (pair.Value == null || pair.Value.JsonType != JsonType.String)
                {
                    throw new InputException(key + "." + pair.Key, "expected a string");
                }
                result[pair.Key] = (string)pair.Value;
            }
            return result;
        }

        public static AwsRequest Aws(JsonObject input)
        {
            var req = new AwsRequest
            {
                Method = Str(input, "method"),
                Path = Str(input, "path"),
                Query = OptStr(input, "query", ""),
                AccessKeyId = Str(input, "access_key_id"),
                SecretAccessKey = Str(input, "secret_access_key"),
                SessionToken = OptStr(input, "session_token", null),
                OmitSessionToken = OptBool(input, "omit_session_token", false),
                Region = Str(input, "region"),
                Service = Str(input, "service"),
                Timestamp = Str(input, "timestamp"),
                NormalizePath = OptBool(input, "normalize_path", true),
                DoubleEncodePath = OptBool(input, "double_encode_path", true),
                SignBody = OptBool(input, "sign_body", false),
                UnsignedPayload = OptBool(input, "unsigned_payload", false),
                SignatureLocation = OptStr(input, "signature_location", "header"),
                ExpiresIn = OptLong(input, "expires_in", 3600),
            };
            var headers = Field(input, "headers", true) as JsonArray ?? throw new InputException("headers", "expected an array");
            for (int i = 0; i < headers.Count; i++)
            {
                var pair = headers[i] as JsonArray;
                if (pair == null || pair.Count != 2 || pair[0] == null || pair[0].JsonType != JsonType.String ||
                    pair[1] == null || pair[1].JsonType != JsonType.String)
                {
                    throw new InputException("headers[" + i + "]", "expected a [name, value] pair of strings");
                }
                req.Headers.Add(new KeyValuePair<string, string>((string)pair[0], (string)pair[1]));
            }
            if (input.ContainsKey("body_base64"))
            {
                string encoded = Str(input, "body_base64");
                if (encoded.Length % 4 != 0 || !StrictBase64.IsMatch(encoded))
                {
                    throw new InputException("body_base64", "expected standard base64");
                }
                req.Body = Convert.FromBase64String(encoded);
            }
            else
            {
                req.Body = SigEncoding.Utf8(OptStr(input, "body", ""));
            }
            return req;
        }

        public static TencentRequest Tencent(JsonObject input)
        {
            var req = new TencentRequest
            {
                SecretId = Str(input, "secret_id"),
                SecretKey = Str(input, "secret_key"),
                Service = Str(input, "service"),
                Host = Str(input, "host"),
                Action = Str(input, "action"),
                Version = Str(input, "version"),
                Timestamp = Long(input, "timestamp"),
                Method = Str(input, "method"),
                Payload = Str(input, "payload"),
                Query = Str(input, "query"),
                ContentType = OptStr(input, "content_type", TencentTc3.DefaultContentType),
                Region = OptStr(input, "region", null),
                Token = OptStr(input, "token", null),
            };
            if (input.ContainsKey("signed_headers"))
            {
                var names = input["signed_headers"] as JsonArray ?? throw new InputException("signed_headers", "expected an array");
                var list = new List<string>();
                foreach (var name in names)
                {
                    if (name == null || name.JsonType != JsonType.String) throw new InputException("signed_headers", "expected strings");
                    list.Add((string)name);
                }
                req.SignedHeaders = list;
            }
            return req;
        }
    }
}
