package iflytekws

import "testing"

// Worked examples of iFlytek's URL authentication, values typed from its API documents:
// speech dictation (https://www.xfyun.cn/doc/asr/voicedictation/API.html) and Spark speech
// dictation (https://www.xfyun.cn/doc/spark/spark_zh_iat.html), which also shows the final URL.
func TestDocumentedExamples(t *testing.T) {
	for _, tc := range []struct {
		host, path, date, signature, authorization, query string
	}{
		{"iat-api.xfyun.cn", "/v2/iat", "Wed, 10 Jul 2019 07:35:43 GMT",
			"Hp3Ty4ZkSBmL8jKyOLpQiv9Sr5nvmeYEH7WsL/ZO2Jg=",
			"YXBpX2tleT0ia2V5eHh4eHh4eHg4ZWUyNzkzNDg1MTlleHh4eHh4eHgiLCBhbGdvcml0aG09ImhtYWMtc2hhMjU2IiwgaGVhZGVycz0iaG9zdCBkYXRlIHJlcXVlc3QtbGluZSIsIHNpZ25hdHVyZT0iSHAzVHk0WmtTQm1MOGpLeU9McFFpdjlTcjVudm1lWUVIN1dzTC9aTzJKZz0i",
			""},
		{"iat.xf-yun.com", "/v1", "Tue, 14 May 2024 08:46:48 GMT",
			"S66FeqTJlvkd+KfJg+a73BAabocwRg2scKflONI8o80=",
			"YXBpX2tleT0ia2V5eHh4eHh4eHg4ZWUyNzkzNDg1MTlleHh4eHh4eHgiLCBhbGdvcml0aG09ImhtYWMtc2hhMjU2IiwgaGVhZGVycz0iaG9zdCBkYXRlIHJlcXVlc3QtbGluZSIsIHNpZ25hdHVyZT0iUzY2RmVxVEpsdmtkK0tmSmcrYTczQkFhYm9jd1JnMnNjS2ZsT05JOG84MD0i",
			"authorization=YXBpX2tleT0ia2V5eHh4eHh4eHg4ZWUyNzkzNDg1MTlleHh4eHh4eHgiLCBhbGdvcml0aG09ImhtYWMtc2hhMjU2IiwgaGVhZGVycz0iaG9zdCBkYXRlIHJlcXVlc3QtbGluZSIsIHNpZ25hdHVyZT0iUzY2RmVxVEpsdmtkK0tmSmcrYTczQkFhYm9jd1JnMnNjS2ZsT05JOG84MD0i&date=Tue%2C%2014%20May%202024%2008%3A46%3A48%20GMT&host=iat.xf-yun.com"},
	} {
		s := Sign("keyxxxxxxxx8ee279348519exxxxxxxx", "secretxxxxxxxx2df7900c09xxxxxxxx", tc.host, DefaultMethod, tc.path, tc.date)
		if want := "host: " + tc.host + "\ndate: " + tc.date + "\nGET " + tc.path + " HTTP/1.1"; s.SignatureOrigin != want {
			t.Errorf("signature origin %q, want %q", s.SignatureOrigin, want)
		}
		if s.Signature != tc.signature || s.Authorization != tc.authorization {
			t.Errorf("%s: signature %s, authorization %s", tc.host, s.Signature, s.Authorization)
		}
		if tc.query != "" && s.Query != tc.query {
			t.Errorf("%s: query %s, want %s", tc.host, s.Query, tc.query)
		}
	}
}
