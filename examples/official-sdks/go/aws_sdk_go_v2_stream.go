// aws-sdk-go-v2's aws/signer/v4 as a signer of S3 streaming (aws-chunked) uploads: the seed is
// Signer.SignHTTP with the payload hash STREAMING-AWS4-HMAC-SHA256-PAYLOAD (canonical request and
// string to sign logged with LogSigning), the chunk signature chain is StreamSigner.GetSignature
// seeded with it (its string to sign hashes empty "headers" where a chunk's has SHA-256 of ”, so
// the two agree). The SDK has no aws-chunked encoder: the framing (sizes in hex, CRLFs) and the
// encoded length are this adapter's, every signature is the SDK's. It signs no trailer.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

const streamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"

// chunks: the payload cut every chunkSize bytes, then the final empty chunk.
func chunks(payload []byte, chunkSize int) [][]byte {
	var cut [][]byte
	for start := 0; start < len(payload); start += chunkSize {
		end := start + chunkSize
		if end > len(payload) {
			end = len(payload)
		}
		cut = append(cut, payload[start:end])
	}
	return append(cut, []byte{})
}

func chunkHeader(chunk []byte, signature string) string {
	return fmt.Sprintf("%x;chunk-signature=%s", len(chunk), signature)
}

// encode frames the chunks with their signatures, as the body is sent.
func encode(parts [][]byte, signatures []string) []byte {
	var body []byte
	for i, chunk := range parts {
		body = append(body, chunkHeader(chunk, signatures[i])+"\r\n"...)
		if len(chunk) > 0 {
			body = append(append(body, chunk...), "\r\n"...)
		}
	}
	return append(body, "\r\n"...)
}

func signStream(in Input) (Intermediates, map[string]interface{}, error) {
	if _, ok := in["trailer"]; ok {
		return nil, nil, Skip{"aws-sdk-go-v2's StreamSigner signs chunks, not trailing headers (AWS4-HMAC-SHA256-TRAILER)"}
	}
	s3 := Input{"double_encode_path": false, "normalize_path": false}
	for name, value := range in {
		s3[name] = value
	}
	request, given, err := awsRequest(s3, "aws-sdk-go-v2", "")
	if err != nil {
		return nil, nil, err
	}
	chunkSize := 65536
	if size, ok := in["chunk_size"].(float64); ok {
		chunkSize = int(size)
	}
	payload := in.body()
	parts := chunks(payload, chunkSize)
	placeholders := make([]string, len(parts))
	for i := range placeholders {
		placeholders[i] = fmt.Sprintf("%064d", 0) // every signature is 64 hex digits
	}
	encodedLength := int64(len(encode(parts, placeholders)))
	request.Header.Set("Content-Encoding", "aws-chunked")
	request.Header.Set("X-Amz-Content-Sha256", streamingPayload)
	request.Header.Set("X-Amz-Decoded-Content-Length", strconv.Itoa(len(payload)))
	// The signer signs Content-Length from request.ContentLength when it is positive.
	request.ContentLength = 0
	if in.flag("sign_content_length", true) {
		request.ContentLength = encodedLength
	}
	creds := aws.Credentials{AccessKeyID: in.str("access_key_id", ""), SecretAccessKey: in.str("secret_access_key", ""),
		SessionToken: in.str("session_token", "")}
	log := &recorder{}
	signer := v4.NewSigner(func(o *v4.SignerOptions) {
		o.DisableURIPathEscaping = true
		o.LogSigning = true
		o.Logger = log
	})
	service, region, moment := in.str("service", "s3"), in.str("region", ""), in.signingTime()
	ctx := context.Background()
	if err := signer.SignHTTP(ctx, creds, request, streamingPayload, service, region, moment); err != nil {
		return nil, nil, err
	}
	authorization := request.Header.Get("Authorization")
	seed, err := hex.DecodeString(signatureOf(authorization))
	if err != nil {
		return nil, nil, err
	}
	chain := v4.NewStreamSigner(creds, service, region, seed)
	signatures := make([]string, len(parts))
	headers := make([]string, len(parts))
	for i, chunk := range parts {
		signature, err := chain.GetSignature(ctx, nil, chunk, moment)
		if err != nil {
			return nil, nil, err
		}
		signatures[i] = hex.EncodeToString(signature)
		headers[i] = chunkHeader(chunk, signatures[i])
	}
	added := addedHeaders(request, given)
	added["Content-Length"] = strconv.FormatInt(encodedLength, 10) // net/http sends it
	digest := sha256.Sum256(encode(parts, signatures))
	intermediates := awsIntermediates(log.canonical, log.stringToSign)
	intermediates["chunk_signatures"] = signatures
	return intermediates, map[string]interface{}{
		"signature":           hex.EncodeToString(seed),
		"authorization":       authorization,
		"headers":             added,
		"chunk_headers":       headers,
		"encoded_body_sha256": hex.EncodeToString(digest[:]),
	}, nil
}

func main() {
	steps := append(append([]string{}, AWSSteps...), "chunk_signatures")
	serve("aws-sdk-go-v2 aws/signer/v4 StreamSigner", aws.SDKVersion, "aws-sigv4-streaming", steps, signStream)
}
