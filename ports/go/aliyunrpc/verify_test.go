package aliyunrpc

import (
	"errors"
	"testing"
	"time"

	"sigvec.dev/port/sigverify"
)

// Alibaba Cloud's documented DescribeRegions call, with the verdicts of
// vectors/verify/aliyun-rpc.json (tcIds 1001, 1032, 1034, 1036).
func TestVerify(t *testing.T) {
	const target = "/?AccessKeyId=testid&Action=DescribeRegions&Format=XML&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D" +
		"&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0" +
		"&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26"
	request := &sigverify.Request{Method: "GET", Target: target, Headers: sigverify.Headers("Host", "ecs.aliyuncs.com")}
	tests := []struct {
		tcID        int
		credentials map[string]string
		now         string
		seen        string
		want        string
	}{
		{1001, map[string]string{"testid": "testsecret"}, "2016-02-23T12:46:24Z", "", "valid"},
		{1032, map[string]string{"testid": "testsecret"}, "2016-02-23T13:01:25Z", "", sigverify.ClockSkew},
		{1034, map[string]string{"testid": "testsecret"}, "2016-02-23T12:46:24Z", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", sigverify.Replay},
		{1036, map[string]string{"otherid": "testsecret"}, "2016-02-23T12:46:24Z", "", sigverify.UnknownKey},
	}
	for _, tc := range tests {
		now, _ := time.Parse(time.RFC3339, tc.now)
		settings := sigverify.DefaultSettings(now)
		settings.SeenNonces[tc.seen] = tc.seen != ""
		got := "valid"
		var rejection *sigverify.Rejection
		if err := Verify(request, tc.credentials, settings); errors.As(err, &rejection) {
			got = rejection.Reason
		} else if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("tcId %d: got %s, want %s", tc.tcID, got, tc.want)
		}
	}
}
