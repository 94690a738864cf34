using System.Collections.Generic;

namespace Sigvec.Port
{
    /// <summary>What a scheme's <c>Sign</c> returns: every intermediate in spec order (so a
    /// mismatch can be located to a step), the string outputs (signature, authorization,
    /// signed_query, query), and the headers to send (null when the scheme has none).</summary>
    public sealed class Signed
    {
        public string Scheme { get; }
        public List<KeyValuePair<string, string>> Intermediates { get; } = new List<KeyValuePair<string, string>>();
        public List<KeyValuePair<string, string>> Output { get; } = new List<KeyValuePair<string, string>>();
        public List<KeyValuePair<string, string>> Headers { get; set; }

        public Signed(string scheme)
        {
            Scheme = scheme;
        }

        public Signed Step(string name, string value)
        {
            Intermediates.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }

        public Signed Out(string name, string value)
        {
            Output.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }

        /// <summary>An output value by name (e.g. "signature"), or null.</summary>
        public string this[string name]
        {
            get
            {
                foreach (var pair in Output) if (pair.Key == name) return pair.Value;
                return null;
            }
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
