package sigverify

import "testing"

// Python's bytes.decode("utf-8", "replace") and the WHATWG decoder (Node) give these.
func TestUTF8Text(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a\xe4\xb8A", "a\uFFFDA"},             // a truncated 3-byte sequence: one U+FFFD
		{"\xff\xfe", "\uFFFD\uFFFD"},           // two bytes that start nothing: two
		{"\xe4\xb8\x80", "\u4e00"},             // well-formed
		{"\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"}, // a surrogate's encoding: each byte
		{"\xf0\x9f\x98", "\uFFFD"},             // a truncated 4-byte sequence
	} {
		if got := UTF8Text(tc.in); got != tc.want {
			t.Errorf("UTF8Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
