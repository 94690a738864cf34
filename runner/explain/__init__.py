"""``sigvec explain``: paste what the server said and what you sent; get the first difference
and the catalogued mistakes the evidence supports.

``parsers`` reads the server's message, ``explain.explain`` compares and names mistakes (with
``aws_checks``, ``aliyun_checks``, ``tencent_checks`` for what the texts alone show),
``render`` writes the text output, ``cli`` the verb.
"""

from .findings import Finding
from .parsers import ServerMessage, UnparseableMessage, parse_server_message

__all__ = ["Finding", "ServerMessage", "UnparseableMessage", "parse_server_message"]
