package sigenc

import "testing"

// The encoding rules of the vectors' headers (space %20, * %2A, ~ kept, UTF-8 bytes).
func TestPercentEncode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"my web server", "my%20web%20server"},
		{"web*", "web%2A"},
		{"~home~user", "~home~user"},
		{"+86 10 1234", "%2B86%2010%201234"},
		{"50%", "50%25"},
		{"ሴ", "%E1%88%B4"},
		{"-._~AZaz09", "-._~AZaz09"},
	}
	for _, tc := range tests {
		if got := PercentEncode(tc.in); got != tc.want {
			t.Errorf("PercentEncode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := PercentEncodeKeep("/a%20b c", "/%"); got != "/a%20b%20c" {
		t.Errorf("PercentEncodeKeep = %q", got)
	}
}

func TestPercentDecode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"%2f%7e", "/~"},
		{"1+2", "1+2"},
		{"50%", "50%"},
		{"%zz%4", "%zz%4"},
		{"%E1%88%B4", "ሴ"},
	}
	for _, tc := range tests {
		if got := PercentDecode(tc.in); got != tc.want {
			t.Errorf("PercentDecode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
