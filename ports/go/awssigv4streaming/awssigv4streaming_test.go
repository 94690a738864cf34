package awssigv4streaming

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"sigvec.dev/port/awssigv4"
)

// Expected values typed from the S3 API Reference: "Signature Calculations for the Authorization
// Header: Transferring Payload in Multiple Chunks" (example: PUT Object, 66560 bytes of 'a' in
// 64 KiB chunks) and "Signature calculations for trailing headers" (the same upload with an
// x-amz-checksum-crc32c trailer):
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html

func documentedRequest() Request {
	return Request{
		Method: "PUT", Path: "/examplebucket/chunkObject.txt",
		Headers: []awssigv4.Header{{Name: "Host", Value: "s3.amazonaws.com"},
			{Name: "x-amz-storage-class", Value: "REDUCED_REDUNDANCY"}},
		Payload:           bytes.Repeat([]byte{'a'}, 66560),
		ChunkSize:         64 * 1024,
		SignContentLength: true,
		AccessKeyID:       "AKIAIOSFODNN7EXAMPLE",
		SecretAccessKey:   "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		Region:            "us-east-1",
		Timestamp:         "20130524T000000Z",
	}
}

func TestDocumentedChunkedUpload(t *testing.T) {
	s, err := Sign(documentedRequest())
	if err != nil {
		t.Fatal(err)
	}
	wantCanonical := "PUT\n/examplebucket/chunkObject.txt\n\n" +
		"content-encoding:aws-chunked\ncontent-length:66824\nhost:s3.amazonaws.com\n" +
		"x-amz-content-sha256:STREAMING-AWS4-HMAC-SHA256-PAYLOAD\nx-amz-date:20130524T000000Z\n" +
		"x-amz-decoded-content-length:66560\nx-amz-storage-class:REDUCED_REDUNDANCY\n\n" +
		"content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class\n" +
		"STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
	if s.Seed.CanonicalRequest != wantCanonical {
		t.Errorf("canonical request:\n%s\nwant\n%s", s.Seed.CanonicalRequest, wantCanonical)
	}
	wantToSign := "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n" +
		"cee3fed04b70f867d036f722359b0b1f2f0e5dc0efadbc082b76c4c60e316455"
	if s.Seed.StringToSign != wantToSign {
		t.Errorf("string to sign:\n%s\nwant\n%s", s.Seed.StringToSign, wantToSign)
	}
	if want := "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"; s.Seed.Signature != want {
		t.Errorf("seed signature %s, want %s", s.Seed.Signature, want)
	}
	wantChunk0 := "AWS4-HMAC-SHA256-PAYLOAD\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n" +
		"4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9\n" +
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n" +
		"bf718b6f653bebc184e1479f1935b8da974d701b893afcf49e701f3e2f9f9c5a"
	if s.ChunkStringsToSign[0] != wantChunk0 {
		t.Errorf("chunk 0 string to sign:\n%s\nwant\n%s", s.ChunkStringsToSign[0], wantChunk0)
	}
	wantHeaders := []string{
		"10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
		"400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
		"0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
	}
	if strings.Join(s.ChunkHeaders, "|") != strings.Join(wantHeaders, "|") {
		t.Errorf("chunk headers %q, want %q", s.ChunkHeaders, wantHeaders)
	}
	if got := s.Headers["Content-Length"]; got != "66824" {
		t.Errorf("Content-Length %s, want 66824", got)
	}
	if len(s.EncodedBody) != 66824 || !bytes.HasSuffix(s.EncodedBody, []byte(wantHeaders[2]+"\r\n\r\n")) {
		t.Errorf("encoded body: %d bytes, ends %q", len(s.EncodedBody), s.EncodedBody[len(s.EncodedBody)-90:])
	}
	if s.TrailerStringToSign != "" || s.TrailerSignature != "" {
		t.Error("trailer steps without a trailer")
	}
}

func TestDocumentedTrailer(t *testing.T) {
	r := documentedRequest()
	r.SignContentLength = false // the trailer example signs no Content-Length
	r.Trailer = []awssigv4.Header{{Name: "x-amz-checksum-crc32c", Value: "sOO8/Q=="}}
	s, err := Sign(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := "content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer"; s.Seed.SignedHeaders != want {
		t.Errorf("signed headers %s, want %s", s.Seed.SignedHeaders, want)
	}
	if want := "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e"; s.Seed.Signature != want {
		t.Errorf("seed signature %s, want %s", s.Seed.Signature, want)
	}
	wantSignatures := []string{
		"b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
		"1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
		"2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992",
	}
	if strings.Join(s.ChunkSignatures, "|") != strings.Join(wantSignatures, "|") {
		t.Errorf("chunk signatures %q, want %q", s.ChunkSignatures, wantSignatures)
	}
	wantTrailerToSign := "AWS4-HMAC-SHA256-TRAILER\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n" +
		"2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992\n" +
		"1e376db7e1a34a8ef1c4bcee131a2d60a1cb62503747488624e10995f448d774"
	if s.TrailerStringToSign != wantTrailerToSign {
		t.Errorf("trailer string to sign:\n%s\nwant\n%s", s.TrailerStringToSign, wantTrailerToSign)
	}
	if want := "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435"; s.TrailerSignature != want {
		t.Errorf("trailer signature %s, want %s", s.TrailerSignature, want)
	}
	if s.Headers["Content-Length"] != "66946" || s.Headers["X-Amz-Trailer"] != "x-amz-checksum-crc32c" {
		t.Errorf("Content-Length %s, X-Amz-Trailer %s", s.Headers["Content-Length"], s.Headers["X-Amz-Trailer"])
	}
	wantEnd := "0;chunk-signature=" + wantSignatures[2] + "\r\nx-amz-checksum-crc32c:sOO8/Q==\r\n" +
		"x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n"
	if len(s.EncodedBody) != 66946 || !bytes.HasSuffix(s.EncodedBody, []byte(wantEnd)) {
		t.Errorf("encoded body: %d bytes, ends %q", len(s.EncodedBody), s.EncodedBody[len(s.EncodedBody)-len(wantEnd):])
	}
}

func TestChunks(t *testing.T) {
	for _, tc := range []struct {
		payload, size int
		want          string
	}{{0, 4, "[0]"}, {4, 4, "[4 0]"}, {5, 4, "[4 1 0]"}, {3, 4, "[3 0]"}} {
		var sizes []int
		for _, chunk := range Chunks(make([]byte, tc.payload), tc.size) {
			sizes = append(sizes, len(chunk))
		}
		if got := fmt.Sprint(sizes); got != tc.want {
			t.Errorf("Chunks(%d bytes, %d) sizes %s, want %s", tc.payload, tc.size, got, tc.want)
		}
	}
	if got := ChunkHeader(0x1a, "s"); got != "1a;chunk-signature=s" {
		t.Errorf("ChunkHeader: %s (hex lower-case, no leading zeros)", got)
	}
}

func TestSignerHeadersRefused(t *testing.T) {
	r := documentedRequest()
	r.Headers = append(r.Headers, awssigv4.Header{Name: "Content-Length", Value: "1"})
	if _, err := Sign(r); err == nil || !strings.Contains(err.Error(), "Content-Length") {
		t.Errorf("err = %v, want the signer's own Content-Length refused", err)
	}
}
