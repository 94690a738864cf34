// What aws-sdk-go-v2's signer logs with LogSigning: its canonical request and string to sign
// (shared by the adapters built on it).
package main

import "github.com/aws/smithy-go/logging"

type recorder struct{ canonical, stringToSign string }

func (r *recorder) Logf(_ logging.Classification, _ string, v ...interface{}) {
	r.canonical, r.stringToSign = v[0].(string), v[1].(string)
}
