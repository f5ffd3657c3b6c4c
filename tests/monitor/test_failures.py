"""Stored fetch and probe failures read as Chinese sentences."""

import pytest

from dgeval.monitor.failures import failure_sentence


@pytest.mark.parametrize(("stored", "sentence"), [
    ("FetchError: Cannot connect to host www.x.gov.cn:443 ssl:default [Errno -2] Name or service not known", "域名无法解析"),
    ("TimeoutError: ", "连接超时"),
    ("ClientConnectorError: [Errno 111] Connection refused", "连接被拒绝"),
    ("ClientConnectorCertificateError: certificate verify failed", "HTTPS 证书或加密连接出错"),
    ("BlockedAddress: 10.0.0.1 is a private address", "地址为内网或本机地址，按安全规则不访问"),
    ("503", "HTTP 状态 503"),
    ("Something odd", "访问失败（原因未能识别）"),
    ("3 个评估对象监测失败", "3 个评估对象监测失败"),
    ("", ""),
])
def test_failure_sentence(stored, sentence):
    assert failure_sentence(stored) == sentence
