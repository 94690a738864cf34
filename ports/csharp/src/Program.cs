using System;
using System.Collections.Generic;
using System.IO;
using System.Json;
using System.Reflection;
using System.Text;

namespace Sigvec.Port
{
    /// <summary>The sigvec line protocol (runner/PROTOCOL.md): one JSON object per line on
    /// stdin, one answer per line on stdout, UTF-8 both ways whatever the locale.</summary>
    public static class Program
    {
        private const int ProtocolVersion = 1;

        /// <summary>Every scheme this port signs: one line per scheme file.</summary>
        private static readonly SchemeEntry[] Schemes =
        {
            new SchemeEntry(AwsSigV4.Scheme, AwsSigV4.Steps, AwsSigV4.Run),
            new SchemeEntry(TencentTc3.Scheme, TencentTc3.Steps, TencentTc3.Run),
            new SchemeEntry(AliyunRpc.Scheme, AliyunRpc.Steps, AliyunRpc.Run),
            new SchemeEntry(Iflytek.Scheme, Iflytek.Steps, Iflytek.Run),
            new SchemeEntry(AwsSigv4Streaming.Scheme, AwsSigv4Streaming.Steps, AwsSigv4Streaming.Run),
            new SchemeEntry(AliyunAcs3.Scheme, AliyunAcs3.Steps, AliyunAcs3.Run),
            new SchemeEntry(IflytekWs.Scheme, IflytekWs.Steps, IflytekWs.Run),
            // scaffold: schemes
        };

        private sealed class SchemeEntry
        {
            public readonly string Id;
            public readonly string[] Steps;
            /// <summary>Signs one vector input (the scheme's input schema) with every intermediate.</summary>
            public readonly Func<JsonObject, Signed> Run;

            public SchemeEntry(string id, string[] steps, Func<JsonObject, Signed> run)
            {
                Id = id;
                Steps = steps;
                Run = run;
            }
        }

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
            var schemes = new JsonObject();
            foreach (var scheme in Schemes) schemes[scheme.Id] = StringArray(scheme.Steps);
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
            var entry = Array.Find(Schemes, s => s.Id == scheme);
            if (entry == null)
            {
                answer["skipped"] = true;
                answer["message"] = "scheme not supported: " + (scheme ?? "(none)");
                return answer;
            }
            var input = msg.ContainsKey("input") ? msg["input"] as JsonObject : null;
            Signed signed = entry.Run(input ?? throw new InputException("", "missing or not an object"));
            answer["intermediates"] = ToJson(signed.Intermediates);
            var output = ToJson(signed.Output);
            if (signed.Headers != null) output["headers"] = ToJson(signed.Headers);
            answer["output"] = output;
            return answer;
        }

        // System.Json's JsonObject keeps keys sorted, not in insertion order; the runner compares
        // intermediates by name and headers as maps, so that is fine.
        private static JsonObject ToJson<T>(IEnumerable<KeyValuePair<string, T>> pairs)
        {
            var obj = new JsonObject();
            foreach (var pair in pairs)
            {
                obj[pair.Key] = pair.Value is IEnumerable<string> list && !(pair.Value is string)
                    ? StringArray(list) : (JsonValue)(pair.Value as string);
            }
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
}
