package iflytek

import (
	"encoding/hex"
	"testing"
)

// Expected values copied from vectors/iflytek.json.
func TestSign(t *testing.T) {
	tests := []struct {
		tcID                              int
		appID, ts, appSecret              string
		md5Hex, hmacHex, signature, query string
	}{
		{1, "xxx", "1674496098", "xxx", "90522511834abbfd27225e90b78b48e5", "d3ac69acbef8f7226ffa86ebdf5091081678e0df", "06xprL749yJv+obr31CRCBZ44N8=", "appid=xxx&ts=1674496098&signa=06xprL749yJv%2Bobr31CRCBZ44N8%3D"},
		{4, "应用一号", "1674496098", "s3cr3t", "76678a254a302e2a1fbec5f046abce5c", "a1622c2d62dfd9a4baa6d281c34d8acaf10bea18", "oWIsLWLf2aS6ptKBw02KyvEL6hg=", "appid=%E5%BA%94%E7%94%A8%E4%B8%80%E5%8F%B7&ts=1674496098&signa=oWIsLWLf2aS6ptKBw02KyvEL6hg%3D"},
		{12, "my app&id=1+2", "1674496098", "secret", "1829394eb5fda5d1bc03e4ae11565518", "2f2954173d73dfe8bc0f012dec5828df92904d25", "LylUFz1z3+i8DwEt7Fgo35KQTSU=", "appid=my%20app%26id%3D1%2B2&ts=1674496098&signa=LylUFz1z3%2Bi8DwEt7Fgo35KQTSU%3D"},
	}
	for _, tc := range tests {
		s := Sign(tc.appID, tc.ts, tc.appSecret)
		if s.BaseString != tc.appID+tc.ts || s.MD5Hex != tc.md5Hex || hex.EncodeToString(s.HMACSHA1) != tc.hmacHex ||
			s.Signature != tc.signature || s.Query != tc.query {
			t.Errorf("tcId %d: got %+v", tc.tcID, s)
		}
		if s.Headers["X-App-Signature"] != tc.signature {
			t.Errorf("tcId %d: headers %v", tc.tcID, s.Headers)
		}
	}
}
