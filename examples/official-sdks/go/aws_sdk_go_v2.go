// The aws/signer/v4 package of aws-sdk-go-v2 as a sigvec implementation: an http.Request signed
// with Signer.SignHTTP or Signer.PresignHTTP at the vector's time, the payload hash given as the
// SDK asks (UNSIGNED-PAYLOAD where the vector says so). The canonical request and string to sign
// are what the signer logs with LogSigning.
package main

import (
	"context"
	"net/url"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

func signV2(in Input) (Intermediates, map[string]interface{}, error) {
	presign := in.str("signature_location", "header") == "query"
	unsigned := in.flag("unsigned_payload", false)
	if len(in.body()) > 0 && !hasHeader(in, "content-length") {
		return nil, nil, Skip{"aws-sdk-go-v2's signer signs Content-Length for a request with a body"}
	}
	if !presign && unsigned && !in.flag("sign_body", false) {
		return nil, nil, Skip{"aws-sdk-go-v2's clients send UNSIGNED-PAYLOAD in a signed x-amz-content-sha256 header"}
	}
	extra := ""
	if presign {
		// PresignHTTP sets no expiry: the SDK documents adding X-Amz-Expires to the query.
		extra = "X-Amz-Expires=" + strconv.Itoa(in.expires())
	}
	request, given, err := awsRequest(in, "aws-sdk-go-v2", extra)
	if err != nil {
		return nil, nil, err
	}
	payloadHash := bodyHash(in)
	if unsigned {
		payloadHash = "UNSIGNED-PAYLOAD"
	}
	if !presign && in.flag("sign_body", false) {
		request.Header.Set("X-Amz-Content-Sha256", payloadHash) // as the SDK's S3 client does
	}
	creds := aws.Credentials{AccessKeyID: in.str("access_key_id", ""), SecretAccessKey: in.str("secret_access_key", ""),
		SessionToken: in.str("session_token", "")}
	log := &recorder{}
	signer := v4.NewSigner(func(o *v4.SignerOptions) {
		o.DisableURIPathEscaping = !in.flag("double_encode_path", true)
		o.LogSigning = true
		o.Logger = log
	})
	output := map[string]interface{}{}
	service, region, moment := in.str("service", ""), in.str("region", ""), in.signingTime()
	if presign {
		signed, _, err := signer.PresignHTTP(context.Background(), creds, request, payloadHash, service, region, moment)
		if err != nil {
			return nil, nil, err
		}
		parsed, _ := url.Parse(signed)
		output["signed_query"] = parsed.RawQuery
		output["signature"] = parsed.Query().Get("X-Amz-Signature")
		output["headers"] = map[string]string{}
	} else {
		if err := signer.SignHTTP(context.Background(), creds, request, payloadHash, service, region, moment); err != nil {
			return nil, nil, err
		}
		output["authorization"] = request.Header.Get("Authorization")
		output["signature"] = signatureOf(request.Header.Get("Authorization"))
		output["headers"] = addedHeaders(request, given)
	}
	return awsIntermediates(log.canonical, log.stringToSign), output, nil
}

func main() {
	serve("aws-sdk-go-v2 aws/signer/v4", aws.SDKVersion, "aws-sigv4", AWSSteps, signV2)
}
