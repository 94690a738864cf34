package tc3

import (
	"errors"
	"testing"
	"time"

	"sigvec.dev/port/sigverify"
)

// Tencent Cloud's documented JSON POST, with the verdicts of vectors/verify/tencent-tc3.json
// (tcIds 1001, 1005, 1033, 1028).
func docRequest(body string) *sigverify.Request {
	return &sigverify.Request{Method: "POST", Target: "/", Body: []byte(body), Headers: sigverify.Headers(
		"Authorization", "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, "+
			"SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
		"Content-Type", "application/json; charset=utf-8", "Host", "cvm.tencentcloudapi.com",
		"X-TC-Action", "DescribeInstances", "X-TC-Timestamp", "1551113065", "X-TC-Version", "2017-03-12",
		"X-TC-Region", "ap-guangzhou")}
}

func TestVerify(t *testing.T) {
	const body = `{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`
	credentials := map[string]string{"AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE": "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"}
	tests := []struct {
		tcID    int
		request *sigverify.Request
		now     string
		want    string
	}{
		{1001, docRequest(body), "2019-02-25T16:44:25Z", "valid"},
		{1005, docRequest(body), "2019-02-25T16:49:25Z", "valid"},
		{1033, docRequest(body), "2019-02-25T16:49:26Z", sigverify.ClockSkew},
		{1028, docRequest(body + " "), "2019-02-25T16:44:25Z", sigverify.SignatureMismatch},
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
