#!/usr/bin/env python3
"""Regenerates botocore-vectors.json: Bedrock-shaped requests signed by botocore's SigV4Auth,
AWS's own Python implementation, used as an independent oracle for what the AWS test suite does
not cover (custom hosts with ports, double-encoded model ids and ARNs, session tokens, bodies).

    python3 generate_botocore_vectors.py > botocore-vectors.json

Generated with botocore 1.43.11.
"""
import datetime
import hashlib
import json
from unittest import mock

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AT = datetime.datetime(2026, 11, 22, 12, 0, 0, tzinfo=datetime.timezone.utc)
BODY = '{"messages":[{"role":"user","content":[{"text":"Hello"}]}],"inferenceConfig":{"maxTokens":64}}'
CASES = [
    ("custom-host-with-port", "http://127.0.0.1:4566/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse",
     "eu-west-1", None),
    ("custom-host-with-port-and-token", "http://localhost:8443/bedrock/model/amazon.nova-lite-v1%3A0/converse-stream",
     "us-west-2", "FQoGZXIvYXdzEXAMPLETOKEN/with+slash="),
    ("aws-host-default-port-arn", "https://bedrock-runtime.us-east-1.amazonaws.com/model/"
     "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-5-sonnet-20240620-v1%3A0"
     "/converse", "us-east-1", None),
    ("aws-host-explicit-https-port", "https://bedrock-runtime.ap-south-1.amazonaws.com:443/model/meta.llama3-8b-instruct-v1%3A0/converse",
     "ap-south-1", None),
]

out = []
for name, url, region, token in CASES:
    creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token)
    req = AWSRequest(method="POST", url=url, data=BODY.encode(),
                     headers={"content-type": "application/json", "accept": "application/json",
                              # Jetway signs the payload hash header too, as AWS SDKs may
                              "x-amz-content-sha256": hashlib.sha256(BODY.encode()).hexdigest()})
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=AT):
        auth = botocore.auth.SigV4Auth(creds, "bedrock", region)
        auth.add_auth(req)
    req.context["timestamp"] = AT.strftime(botocore.auth.SIGV4_TIMESTAMP)
    headers = {k.lower(): v for k, v in req.headers.items()}
    auth_header = headers.pop("authorization")
    out.append({
        "name": name,
        "url": url,
        "region": region,
        "service": "bedrock",
        "sessionToken": token,
        "timestamp": AT.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": BODY,
        "signedExtra": {"content-type": "application/json", "accept": "application/json"},
        "host": botocore.auth._host_from_url(url) if hasattr(botocore.auth, "_host_from_url") else None,
        "authorization": auth_header,
    })
print(json.dumps({"generator": "botocore " + botocore.__version__, "vectors": out}, indent=2))
