package aliyunacs3

import "testing"

// The worked example of Alibaba Cloud's "V3 request structure and signature" page (ECS
// RunInstances, POST, empty body), values typed from the page:
// https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature
func TestDocumentedExample(t *testing.T) {
	s, err := Sign(Request{
		Method: "POST", Path: "/",
		Query: map[string]string{"ImageId": "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", "RegionId": "cn-shanghai"},
		Headers: []Header{
			{Name: "host", Value: "ecs.cn-shanghai.aliyuncs.com"},
			{Name: "x-acs-action", Value: "RunInstances"},
			{Name: "x-acs-version", Value: "2014-05-26"},
			{Name: "x-acs-date", Value: "2023-10-26T10:22:32Z"},
			{Name: "x-acs-signature-nonce", Value: "3156853299f313e23d1673dc12e1703d"},
		},
		AccessKeyID: "YourAccessKeyId", AccessKeySecret: "YourAccessKeySecret",
	})
	if err != nil {
		t.Fatal(err)
	}
	wantCanonical := "POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n" +
		"host:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\n" +
		"x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n" +
		"x-acs-date:2023-10-26T10:22:32Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n\n" +
		"host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n" +
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	if s.CanonicalRequest != wantCanonical {
		t.Errorf("canonical request:\n%s\nwant\n%s", s.CanonicalRequest, wantCanonical)
	}
	want := "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
	if s.Authorization != want {
		t.Errorf("Authorization:\n%s\nwant\n%s", s.Authorization, want)
	}
}

// The V3 page: sort by parameter name, then encode each name and value (RFC 3986).
func TestCanonicalQueryString(t *testing.T) {
	got := CanonicalQueryString(map[string]string{"a[b]": "2", "a.b": "1", "b": "", "c": "x y*~"})
	if want := "a.b=1&a%5Bb%5D=2&b=&c=x%20y%2A~"; got != want {
		t.Errorf("CanonicalQueryString = %s, want %s", got, want)
	}
}

func TestDuplicateHeaderRefused(t *testing.T) {
	_, err := Sign(Request{Method: "GET", Headers: []Header{{Name: "Host", Value: "a"}, {Name: "host", Value: "b"}}})
	if err == nil {
		t.Error("a header given twice was signed")
	}
}
