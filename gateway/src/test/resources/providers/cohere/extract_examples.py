#!/usr/bin/env python3
"""Extracts the documented POST /v2/chat examples of Cohere's OpenAPI spec into conformance cases.

Usage: extract_examples.py <cohere-openapi.yaml> <out-dir>   (out-dir: gateway/src/test/resources/conformance/cohere)

For each x-fern-examples entry of /v2/chat (named by its code samples' name and by stream or not), in the
conformance layout (conformance/README.md):
  request-<name>/request.json, request.upstream.json   the documented Cohere request body (OpenAI-shaped
                        for these cases, so it is both the caller's request and the body expected upstream)
  answer-<name>/answer.upstream.json   the documented non-stream answer body
  stream-<name>/stream.upstream        the documented stream, written as Cohere sends it: `event: <type>`
                        and `data: <json>` lines, a blank line after each event
Only the payloads are copied (JSON re-serialised, key order kept); nothing is edited. The other files of
those cases (request.json of the answer and stream cases, the expected outputs) are written by hand.
"""
import json
import os
import sys

import yaml

from derive_spec import Yaml12BoolLoader


def path(out, case, name):
    os.makedirs(os.path.join(out, case), exist_ok=True)
    return os.path.join(out, case, name)


def main(src, out):
    with open(src) as f:
        spec = yaml.load(f, Loader=Yaml12BoolLoader)
    os.makedirs(out, exist_ok=True)
    for example in spec["paths"]["/v2/chat"]["post"]["x-fern-examples"]:
        names = sorted({c.get("name", "") for c in example.get("code-samples", [])} - {"Async"})
        response = example.get("response", {})
        base = names[0].lower() + ("-stream" if "stream" in response else "")
        for name in ("request.json", "request.upstream.json"):
            with open(path(out, "request-" + base, name), "w") as f:
                json.dump(example["request"], f, indent=2, ensure_ascii=False)
                f.write("\n")
        if "body" in response:
            with open(path(out, "answer-" + base, "answer.upstream.json"), "w") as f:
                json.dump(response["body"], f, indent=2, ensure_ascii=False)
                f.write("\n")
        if "stream" in response:
            with open(path(out, "stream-" + base.removesuffix("-stream"), "stream.upstream"), "w") as f:
                for event in response["stream"]:
                    f.write("event: %s\ndata: %s\n\n" % (event["event"], json.dumps(event["data"], ensure_ascii=False)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
