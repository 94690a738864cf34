package tc3

import "testing"

// Expected values copied from vectors/tencent-tc3.json.
func TestSign(t *testing.T) {
	tests := []struct {
		tcID                                                int
		req                                                 Request
		date, canonicalRequest, stringToSign, authorization string
	}{
		{1, Request{
			SecretID:      "AKID********************************",
			SecretKey:     "********************************",
			Service:       "cvm",
			Host:          "cvm.tencentcloudapi.com",
			Action:        "DescribeInstances",
			Version:       "2017-03-12",
			Timestamp:     1551113065,
			Method:        "POST",
			Payload:       "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}",
			Query:         "",
			ContentType:   "application/json; charset=utf-8",
			Region:        "ap-guangzhou",
			SignedHeaders: []string{"content-type", "host", "x-tc-action"},
		},
			"2019-02-25",
			"POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\nx-tc-action:describeinstances\n\ncontent-type;host;x-tc-action\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
			"TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84",
			"TC3-HMAC-SHA256 Credential=AKID********************************/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f"},
		{14, Request{
			SecretID:    "AKIDexampleSecretId0123456789abcdef",
			SecretKey:   "exampleSecretKey0123456789abcdef",
			Service:     "cvm",
			Host:        "cvm.tencentcloudapi.com",
			Action:      "DescribeZones",
			Version:     "2017-03-12",
			Timestamp:   1700000000,
			Method:      "POST",
			Payload:     "{}",
			Query:       "",
			ContentType: DefaultContentType,
		},
			"2023-11-14",
			"POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
			"TC3-HMAC-SHA256\n1700000000\n2023-11-14/cvm/tc3_request\n9f7b14f984266a47f171cf711a07033e1deaef93badff702a464aa360a6bb576",
			"TC3-HMAC-SHA256 Credential=AKIDexampleSecretId0123456789abcdef/2023-11-14/cvm/tc3_request, SignedHeaders=content-type;host, Signature=5e0fcf80a514e0d9e866079fbf4f72bcf0252cac98704198c950b206b2528dc5"},
		{15, Request{
			SecretID:      "AKIDexampleSecretId0123456789abcdef",
			SecretKey:     "exampleSecretKey0123456789abcdef",
			Service:       "cvm",
			Host:          "cvm.tencentcloudapi.com",
			Action:        "DescribeInstances",
			Version:       "2017-03-12",
			Timestamp:     1700006399,
			Method:        "POST",
			Payload:       "{}",
			Query:         "",
			ContentType:   "application/json; charset=utf-8",
			Region:        "ap-guangzhou",
			SignedHeaders: []string{"content-type", "host"},
		},
			"2023-11-14",
			"POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
			"TC3-HMAC-SHA256\n1700006399\n2023-11-14/cvm/tc3_request\n9f7b14f984266a47f171cf711a07033e1deaef93badff702a464aa360a6bb576",
			"TC3-HMAC-SHA256 Credential=AKIDexampleSecretId0123456789abcdef/2023-11-14/cvm/tc3_request, SignedHeaders=content-type;host, Signature=0e7e0ff8244a6a768f03d806f9ba878ad5cd0dc63ee6220680cc78d8a5d2006b"},
	}
	for _, tc := range tests {
		s, err := Sign(tc.req)
		if err != nil {
			t.Fatalf("tcId %d: %v", tc.tcID, err)
		}
		if s.Date != tc.date {
			t.Errorf("tcId %d: date %q, want %q", tc.tcID, s.Date, tc.date)
		}
		if s.CanonicalRequest != tc.canonicalRequest {
			t.Errorf("tcId %d: canonical request\n got %q\nwant %q", tc.tcID, s.CanonicalRequest, tc.canonicalRequest)
		}
		if s.StringToSign != tc.stringToSign {
			t.Errorf("tcId %d: string to sign\n got %q\nwant %q", tc.tcID, s.StringToSign, tc.stringToSign)
		}
		if s.Authorization != tc.authorization || s.Headers["Authorization"] != tc.authorization {
			t.Errorf("tcId %d: authorization\n got %q\nwant %q", tc.tcID, s.Authorization, tc.authorization)
		}
	}
}
