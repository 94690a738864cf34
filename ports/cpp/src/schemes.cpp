// The scheme table: one include and one line per scheme file.
#include "aliyun_rpc.hpp"
#include "aws_sigv4.hpp"
#include "iflytek.hpp"
#include "scheme.hpp"
#include "tencent_tc3.hpp"
#include "aws_sigv4_streaming.hpp"
#include "aliyun_acs3.hpp"
#include "iflytek_ws.hpp"
// scaffold: includes

namespace sigvec {

const std::vector<const Scheme*>& all_schemes() {
    static const std::vector<const Scheme*> schemes = {
        &kAwsSigV4Scheme,
        &kTencentTc3Scheme,
        &kAliyunRpcScheme,
        &kIflytekScheme,
        &kAwsSigv4StreamingScheme,
        &kAliyunAcs3Scheme,
        &kIflytekWsScheme,
        // scaffold: schemes
    };
    return schemes;
}

}  // namespace sigvec
