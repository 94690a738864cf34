package awssigv4

import (
	"encoding/hex"
	"testing"
)

// Expected values copied from vectors/aws-sigv4.json.

func TestCanonicalURI(t *testing.T) {
	tests := []struct {
		path                    string
		normalize, doubleEncode bool
		want                    string
	}{
		{"/example1/example2/../..", true, true, "/"},
		{"/example1/example2/../..", false, true, "/example1/example2/../.."},
		{"//example//", true, true, "/example/"},
		{"/ሴ", true, true, "/%E1%88%B4"},
		{"/documents%20and%20settings/caf%C3%A9", true, true, "/documents%2520and%2520settings/caf%25C3%25A9"},
		{"/documents%20and%20settings/caf%C3%A9", false, false, "/documents%20and%20settings/caf%C3%A9"},
		{"/photos//2024/./../a b+c(1).jpg", false, false, "/photos//2024/./../a%20b%2Bc%281%29.jpg"},
		{"", true, true, "/"},
	}
	for _, tc := range tests {
		if got := CanonicalURI(tc.path, tc.normalize, tc.doubleEncode); got != tc.want {
			t.Errorf("CanonicalURI(%q, %v, %v) = %q, want %q", tc.path, tc.normalize, tc.doubleEncode, got, tc.want)
		}
	}
}

func TestCanonicalQueryString(t *testing.T) {
	tests := []struct{ query, want string }{
		{"Param-3=Value3&Param=Value2&%E1%88%B4=Value1", "%E1%88%B4=Value1&Param=Value2&Param-3=Value3"},
		{"q=日本語&lang=ja&ü=ö", "%C3%BC=%C3%B6&lang=ja&q=%E6%97%A5%E6%9C%AC%E8%AA%9E"},
		{"a=1+2&b=1%2B2&c=1%202&d=%2f%7e&e=*", "a=1%2B2&b=1%2B2&c=1%202&d=%2F~&e=%2A"},
		{"tag=b&acl&tag=a&tag=&versions=", "acl=&tag=&tag=a&tag=b&versions="},
	}
	for _, tc := range tests {
		if got := CanonicalQueryString(tc.query, nil); got != tc.want {
			t.Errorf("CanonicalQueryString(%q) = %q, want %q", tc.query, got, tc.want)
		}
	}
}

func TestSign(t *testing.T) {
	tests := []struct {
		tcID                                                                 int
		req                                                                  Request
		canonicalRequest, kSigningHex, signature, authorization, signedQuery string
	}{
		{1, Request{
			Method:          "GET",
			Path:            "/",
			Headers:         []Header{{"Host", "example.amazonaws.com"}, {"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}},
			AccessKeyID:     "AKIDEXAMPLE",
			SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
			Region:          "us-east-1",
			Service:         "service",
			Timestamp:       "20150830T123600Z",
		},
			"GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			"938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75",
			"c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
			"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
			""},
		{81, Request{
			Method:          "PUT",
			Path:            "/photos//2024/./../a b+c(1).jpg",
			Headers:         []Header{{"Host", "examplebucket.s3.amazonaws.com"}, {"Content-Type", "image/jpeg"}},
			Body:            []byte("not really a jpeg"),
			AccessKeyID:     "AKIDEXAMPLE",
			SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
			Region:          "us-east-1",
			Service:         "s3",
			Timestamp:       "20150830T123600Z",
			KeepDotSegments: true,
			KeepPathEscapes: true,
			SignBody:        true,
		},
			"PUT\n/photos//2024/./../a%20b%2Bc%281%29.jpg\n\ncontent-type:image/jpeg\nhost:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:21ac2586e213d1f490778a07bf0025a98fc57595863a282372bac594b398322b\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-content-sha256;x-amz-date\n21ac2586e213d1f490778a07bf0025a98fc57595863a282372bac594b398322b",
			"32f78051dcde24c552811d654f4a769112bb834b03975cdd6b1fd7d16248c269",
			"c5c500806fd2f1d35237b730a8f6788a1fd10e51bd762ffcb8a3e47e472f9c8a",
			"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=c5c500806fd2f1d35237b730a8f6788a1fd10e51bd762ffcb8a3e47e472f9c8a",
			""},
		{88, Request{
			Method:          "GET",
			Path:            "/",
			Headers:         []Header{{"Host", "example.amazonaws.com"}, {"X-Custom", "\t a \t\t b  c \t"}, {"  X-Padded-Name  ", "v"}},
			AccessKeyID:     "AKIDEXAMPLE",
			SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
			Region:          "us-east-1",
			Service:         "service",
			Timestamp:       "20150830T123600Z",
		},
			"GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\nx-custom:a b c\nx-padded-name:v\n\nhost;x-amz-date;x-custom;x-padded-name\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			"938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75",
			"90a8c47d5b7f4540b56f3ffabb48f020b22ce8b4bff14336046bfbc0de722dfe",
			"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-custom;x-padded-name, Signature=90a8c47d5b7f4540b56f3ffabb48f020b22ce8b4bff14336046bfbc0de722dfe",
			""},
		{90, Request{
			Method:          "GET",
			Path:            "/object",
			Headers:         []Header{{"Host", "example.amazonaws.com"}},
			AccessKeyID:     "ASIAEXAMPLE",
			SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
			Region:          "eu-central-1",
			Service:         "execute-api",
			Timestamp:       "20240229T235959Z",
			SessionToken:    "FQoGZXIvYXdzE+/=token",
			Presign:         true,
			ExpiresIn:       604800,
		},
			"GET\n/object\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLE%2F20240229%2Feu-central-1%2Fexecute-api%2Faws4_request&X-Amz-Date=20240229T235959Z&X-Amz-Expires=604800&X-Amz-Security-Token=FQoGZXIvYXdzE%2B%2F%3Dtoken&X-Amz-SignedHeaders=host\nhost:example.amazonaws.com\n\nhost\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			"4b3ec18c89ace65f4bab24da6ec1e502f22e425e630997f0de3a45f8f63a0844",
			"60c4601c1a779980586d5a16bd035f58d392b96dab388f5882f1830f6eb7bed6",
			"",
			"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLE%2F20240229%2Feu-central-1%2Fexecute-api%2Faws4_request&X-Amz-Date=20240229T235959Z&X-Amz-Expires=604800&X-Amz-Security-Token=FQoGZXIvYXdzE%2B%2F%3Dtoken&X-Amz-SignedHeaders=host&X-Amz-Signature=60c4601c1a779980586d5a16bd035f58d392b96dab388f5882f1830f6eb7bed6"},
	}
	for _, tc := range tests {
		s, err := Sign(tc.req)
		if err != nil {
			t.Fatalf("tcId %d: %v", tc.tcID, err)
		}
		if s.CanonicalRequest != tc.canonicalRequest {
			t.Errorf("tcId %d: canonical request\n got %q\nwant %q", tc.tcID, s.CanonicalRequest, tc.canonicalRequest)
		}
		if got := hex.EncodeToString(s.Keys[3]); got != tc.kSigningHex {
			t.Errorf("tcId %d: k_signing %s, want %s", tc.tcID, got, tc.kSigningHex)
		}
		if s.Signature != tc.signature || s.Authorization != tc.authorization || s.SignedQuery != tc.signedQuery {
			t.Errorf("tcId %d: got %q / %q / %q", tc.tcID, s.Signature, s.Authorization, s.SignedQuery)
		}
	}
}
