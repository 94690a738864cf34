package iflytek

import (
	"errors"
	"testing"
	"time"

	"sigvec.dev/port/sigverify"
)

// The documented app key and secret (header form) and the demo values (query form), with the
// verdicts of vectors/verify/iflytek.json (tcIds 1001, 1002, 1023, 1030, 1046).
func TestVerify(t *testing.T) {
	header := func(signature string) *sigverify.Request {
		return &sigverify.Request{Method: "POST", Target: "/v1/private/ocr", Headers: sigverify.Headers(
			"Host", "api.example.com", "X-App-Key", "zmeet", "X-Timestamp", "1529223702", "X-App-Signature", signature)}
	}
	query := func(signa string) *sigverify.Request {
		return &sigverify.Request{Method: "GET", Target: "/v1/private/ocr?appid=xxx&ts=1674496098&signa=" + signa}
	}
	credentials := map[string]string{"zmeet": "ba9e07dc-1d79-4f7a-ab49-0205d3c0e073", "xxx": "xxx"}
	tests := []struct {
		tcID    int
		request *sigverify.Request
		now     string
		want    string
	}{
		{1001, header("zOeIe/zVMA9DugfB/IEXL5m7e2k="), "2018-06-17T08:21:42Z", "valid"},
		{1023, header("ZOEIE/ZVMA9DUGFB/IEXL5M7E2K="), "2018-06-17T08:21:42Z", sigverify.SignatureMismatch},
		{1030, header("zOeIe/zVMA9DugfB/IEXL5m7e2k="), "2018-06-17T08:26:43Z", sigverify.ClockSkew},
		{1002, query("06xprL749yJv%2Bobr31CRCBZ44N8%3D"), "2023-01-23T17:48:18Z", "valid"},
		{1046, query("06xprL749yJv+obr31CRCBZ44N8="), "2023-01-23T17:48:18Z", sigverify.SignatureMismatch},
	}
	for _, tc := range tests {
		now, _ := time.Parse(time.RFC3339, tc.now)
		got := "valid"
		var rejection *sigverify.Rejection
		if err := Verify(tc.request, credentials, sigverify.DefaultSettings(now)); errors.As(err, &rejection) {
			got = rejection.Reason
		} else if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("tcId %d: got %s, want %s", tc.tcID, got, tc.want)
		}
	}
}
