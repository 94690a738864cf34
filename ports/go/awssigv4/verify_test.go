package awssigv4

import (
	"errors"
	"testing"
	"time"

	"sigvec.dev/port/sigverify"
)

// The AWS documentation's GET example and a presigned STS URL, with the verdicts of
// vectors/verify/aws-sigv4.json (tcIds 1001, 1004, 1026, 1036, 1038).
const (
	docAuthorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " +
		"SignedHeaders=host;my-header1;x-amz-date, Signature=a184cd7f08cfab3745fef178f0cb6d2bfbc0cc176ceb282683773fc3c6e299d1"
	presignedTarget = "/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256" +
		"&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20150830T123600Z" +
		"&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=e8d7e61248a0d11a99b5981a6802d73250938b6d2c6f32f9a6b8a331d25ef4b1"
)

func docRequest(method string) *sigverify.Request {
	return &sigverify.Request{Method: method, Target: "/path/to/resource?Param1=value1&Param2=value%202",
		Headers: sigverify.Headers("Host", "example.amazonaws.com", "My-Header1", "value1",
			"X-Amz-Date", "20150830T123600Z", "Authorization", docAuthorization)}
}

func reason(err error) string {
	var rejection *sigverify.Rejection
	if errors.As(err, &rejection) {
		return rejection.Reason
	}
	if err != nil {
		return err.Error()
	}
	return "valid"
}

func TestVerify(t *testing.T) {
	credentials := map[string]string{"AKIDEXAMPLE": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
	presigned := &sigverify.Request{Method: "GET", Target: presignedTarget,
		Headers: sigverify.Headers("Host", "sts.amazonaws.com")}
	tests := []struct {
		tcID    int
		request *sigverify.Request
		now     string
		want    string
	}{
		{1001, docRequest("GET"), "2015-08-30T12:36:00Z", "valid"},
		{1026, docRequest("DELETE"), "2015-08-30T12:36:00Z", sigverify.SignatureMismatch},
		{1036, docRequest("GET"), "2015-08-30T12:51:01Z", sigverify.ClockSkew},
		{1004, presigned, "2015-08-30T12:36:00Z", "valid"},
		{1038, presigned, "2015-08-30T12:51:01Z", sigverify.Expired},
	}
	for _, tc := range tests {
		now, _ := time.Parse(time.RFC3339, tc.now)
		if got := reason(Verify(tc.request, credentials, sigverify.DefaultSettings(now))); got != tc.want {
			t.Errorf("tcId %d: got %s, want %s", tc.tcID, got, tc.want)
		}
	}
}
