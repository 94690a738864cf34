package aliyunrpc

import "testing"

// Expected values copied from vectors/aliyun-rpc.json.
func TestSign(t *testing.T) {
	tests := []struct {
		tcID                                            int
		method, secret                                  string
		params                                          map[string]string
		canonical, stringToSign, signature, signedQuery string
	}{
		{1, "GET", "testsecret",
			map[string]string{"AccessKeyId": "testid", "Action": "DescribeRegions", "Format": "XML", "SignatureMethod": "HMAC-SHA1", "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "SignatureVersion": "1.0", "Timestamp": "2016-02-23T12:46:24Z", "Version": "2014-05-26"},
			"AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26",
			"GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
			"OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
			"AccessKeyId=testid&Action=DescribeRegions&Format=XML&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26"},
		{14, "GET", "testsecret",
			map[string]string{"AccessKeyId": "testid", "Action": "Echo", "Value": " *~/+&=%:?#[]@!$'(),;", "Timestamp": "2016-02-23T12:46:24Z", "Version": "2014-05-26"},
			"AccessKeyId=testid&Action=Echo&Timestamp=2016-02-23T12%3A46%3A24Z&Value=%20%2A~%2F%2B%26%3D%25%3A%3F%23%5B%5D%40%21%24%27%28%29%2C%3B&Version=2014-05-26",
			"GET&%2F&AccessKeyId%3Dtestid%26Action%3DEcho%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Value%3D%2520%252A~%252F%252B%2526%253D%2525%253A%253F%2523%255B%255D%2540%2521%2524%2527%2528%2529%252C%253B%26Version%3D2014-05-26",
			"FsDuvVYX38MJfDox3dp5xNbwHCw=",
			"AccessKeyId=testid&Action=Echo&Signature=FsDuvVYX38MJfDox3dp5xNbwHCw%3D&Timestamp=2016-02-23T12%3A46%3A24Z&Value=%20%2A~%2F%2B%26%3D%25%3A%3F%23%5B%5D%40%21%24%27%28%29%2C%3B&Version=2014-05-26"},
		{16, "GET", "testsecret",
			map[string]string{"action": "lower", "Action": "Upper", "aCTION": "mixed", "AccessKeyId": "testid", "Timestamp": "2016-02-23T12:46:24Z"},
			"AccessKeyId=testid&Action=Upper&Timestamp=2016-02-23T12%3A46%3A24Z&aCTION=mixed&action=lower",
			"GET&%2F&AccessKeyId%3Dtestid%26Action%3DUpper%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26aCTION%3Dmixed%26action%3Dlower",
			"E5kjGhnQvtCgWs6o9Py6lyRvYQY=",
			"AccessKeyId=testid&Action=Upper&Signature=E5kjGhnQvtCgWs6o9Py6lyRvYQY%3D&Timestamp=2016-02-23T12%3A46%3A24Z&aCTION=mixed&action=lower"},
	}
	for _, tc := range tests {
		s := Sign(tc.method, tc.secret, tc.params)
		if s.CanonicalizedQueryString != tc.canonical {
			t.Errorf("tcId %d: canonicalized query string\n got %q\nwant %q", tc.tcID, s.CanonicalizedQueryString, tc.canonical)
		}
		if s.StringToSign != tc.stringToSign {
			t.Errorf("tcId %d: string to sign\n got %q\nwant %q", tc.tcID, s.StringToSign, tc.stringToSign)
		}
		if s.Signature != tc.signature || s.SignedQuery != tc.signedQuery {
			t.Errorf("tcId %d: got %q / %q", tc.tcID, s.Signature, s.SignedQuery)
		}
	}
}
