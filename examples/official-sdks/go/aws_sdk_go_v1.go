// The aws/signer/v4 package of aws-sdk-go (v1) as a sigvec implementation: an http.Request signed
// with Signer.Sign or Signer.Presign at the vector's time. The canonical request and string to
// sign are what the signer logs at LogDebugWithSigning.
package main

import (
	"bytes"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/credentials"
	v4 "github.com/aws/aws-sdk-go/aws/signer/v4"
)

type recorder struct{ canonical, stringToSign string }

func (r *recorder) Log(v ...interface{}) {
	message := v[0].(string)
	const canonicalMark = "---[ CANONICAL STRING  ]-----------------------------\n"
	const stsMark = "\n---[ STRING TO SIGN ]--------------------------------\n"
	body := message[strings.Index(message, canonicalMark)+len(canonicalMark):]
	r.canonical = body[:strings.Index(body, stsMark)]
	rest := body[len(r.canonical)+len(stsMark):]
	// The string to sign has four lines; the signed URL or the closing rule follow it.
	lines := strings.SplitN(rest, "\n", 5)
	r.stringToSign = strings.Join(lines[:4], "\n")
}

func signV1(in Input) (Intermediates, map[string]interface{}, error) {
	presign := in.str("signature_location", "header") == "query"
	unsigned := in.flag("unsigned_payload", false)
	signBody := in.flag("sign_body", false)
	s3 := in.str("service", "") == "s3" || in.str("service", "") == "s3-object-lambda" || in.str("service", "") == "glacier"
	if presign && s3 != unsigned {
		return nil, nil, Skip{"aws-sdk-go presigns with UNSIGNED-PAYLOAD for s3 and never otherwise"}
	}
	if !presign && (s3 || unsigned) && !signBody {
		return nil, nil, Skip{"aws-sdk-go always sends x-amz-content-sha256 for s3 or an unsigned payload"}
	}
	request, given, err := awsRequest(in, "aws-sdk-go", "")
	if err != nil {
		return nil, nil, err
	}
	if !presign && signBody && !s3 && !unsigned {
		request.Header.Set("X-Amz-Content-Sha256", bodyHash(in)) // what a user does for a non-S3 service
	}
	log := &recorder{}
	creds := credentials.NewStaticCredentials(in.str("access_key_id", ""), in.str("secret_access_key", ""), in.str("session_token", ""))
	signer := v4.NewSigner(creds, func(s *v4.Signer) {
		s.DisableURIPathEscaping = !in.flag("double_encode_path", true)
		s.UnsignedPayload = unsigned
		s.Debug = aws.LogDebugWithSigning
		s.Logger = log
	})
	body := bytes.NewReader(in.body())
	service, region, moment := in.str("service", ""), in.str("region", ""), in.signingTime()
	output := map[string]interface{}{}
	if presign {
		expires := time.Duration(in.expires()) * time.Second
		if _, err := signer.Presign(request, body, service, region, expires, moment); err != nil {
			return nil, nil, err
		}
		output["signed_query"] = request.URL.RawQuery
		values, _ := url.ParseQuery(request.URL.RawQuery)
		output["signature"] = values.Get("X-Amz-Signature")
		output["headers"] = map[string]string{}
	} else {
		if _, err := signer.Sign(request, body, service, region, moment); err != nil {
			return nil, nil, err
		}
		output["authorization"] = request.Header.Get("Authorization")
		output["signature"] = signatureOf(request.Header.Get("Authorization"))
		output["headers"] = addedHeaders(request, given)
	}
	return awsIntermediates(log.canonical, log.stringToSign), output, nil
}

func main() {
	serve("aws-sdk-go aws/signer/v4", aws.SDKVersion, "aws-sigv4", AWSSteps, signV1)
}
