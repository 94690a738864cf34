"""Which intermediates ``sigvec explain`` compares, per scheme (read without loading explain)."""

from __future__ import annotations

# The intermediates a server can reveal, or a user paste, per scheme, in computation order.
COMPARABLE_STEPS: dict[str, tuple[str, ...]] = {
    "aws-sigv4": ("canonical_request", "string_to_sign"),
    "tencent-tc3": ("canonical_request", "string_to_sign"),
    "aliyun-rpc": ("string_to_sign",),
}
STEP_LABELS = {"canonical_request": "canonical request", "string_to_sign": "string to sign"}
