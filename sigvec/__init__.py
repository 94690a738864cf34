"""sigvec: a cross-language conformance suite for HTTP API request signatures.

``sigvec.reference`` signs, ``sigvec.vectors`` holds the test vectors, ``sigvec.runner`` drives
implementations in other languages.
"""

__version__ = "0.1.0"
