using System.Collections.Generic;

namespace Sigvec.Port
{
    /// <summary>What a scheme's <c>Sign</c> returns: every intermediate in spec order (so a
    /// mismatch can be located to a step), the outputs (signature, authorization, signed_query,
    /// query, ...), and the headers to send (null when the scheme has none). A value is a string,
    /// or a list of strings (one per chunk of a streaming upload, for example).</summary>
    public sealed class Signed
    {
        public string Scheme { get; }
        public List<KeyValuePair<string, object>> Intermediates { get; } = new List<KeyValuePair<string, object>>();
        public List<KeyValuePair<string, object>> Output { get; } = new List<KeyValuePair<string, object>>();
        public List<KeyValuePair<string, string>> Headers { get; set; }

        public Signed(string scheme)
        {
            Scheme = scheme;
        }

        public Signed Step(string name, string value) => Add(Intermediates, name, value);

        public Signed Step(string name, IReadOnlyList<string> values) => Add(Intermediates, name, values);

        public Signed Out(string name, string value) => Add(Output, name, value);

        public Signed Out(string name, IReadOnlyList<string> values) => Add(Output, name, values);

        private Signed Add(List<KeyValuePair<string, object>> list, string name, object value)
        {
            list.Add(new KeyValuePair<string, object>(name, value));
            return this;
        }

        /// <summary>A string output by name (e.g. "signature"), or null.</summary>
        public string this[string name] => OutputValue(name) as string;

        /// <summary>An output by name: a string or a list of strings; null when absent.</summary>
        public object OutputValue(string name)
        {
            foreach (var pair in Output) if (pair.Key == name) return pair.Value;
            return null;
        }
    }

    /// <summary>Invalid input: names the offending field, as the reference's InputError does.</summary>
    public sealed class InputException : System.Exception
    {
        public string Field { get; }

        public InputException(string field, string message) : base("input." + field + ": " + message)
        {
            Field = field;
        }
    }
}
