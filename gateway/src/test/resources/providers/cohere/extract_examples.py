#!/usr/bin/env python3
"""Extracts the documented POST /v2/chat examples of Cohere's OpenAPI spec into fixture files.

Usage: extract_examples.py <cohere-openapi.yaml> <out-dir>

For each x-fern-examples entry of /v2/chat (named by its code samples' name and by stream or not):
  <name>.request.json   the documented Cohere request body
  <name>.response.json  the documented non-stream answer body
  <name>.sse            the documented stream, written as Cohere sends it: `event: <type>` and
                        `data: <json>` lines, a blank line after each event
Only the payloads are copied (JSON re-serialised, key order kept); nothing is edited.
"""
import json
import os
import sys

import yaml

from derive_spec import Yaml12BoolLoader


def main(src, out):
    with open(src) as f:
        spec = yaml.load(f, Loader=Yaml12BoolLoader)
    os.makedirs(out, exist_ok=True)
    for example in spec["paths"]["/v2/chat"]["post"]["x-fern-examples"]:
        names = sorted({c.get("name", "") for c in example.get("code-samples", [])} - {"Async"})
        response = example.get("response", {})
        base = names[0].lower() + ("-stream" if "stream" in response else "")
        with open(os.path.join(out, base + ".request.json"), "w") as f:
            json.dump(example["request"], f, indent=2, ensure_ascii=False)
            f.write("\n")
        if "body" in response:
            with open(os.path.join(out, base + ".response.json"), "w") as f:
                json.dump(response["body"], f, indent=2, ensure_ascii=False)
                f.write("\n")
        if "stream" in response:
            with open(os.path.join(out, base + ".sse"), "w") as f:
                for event in response["stream"]:
                    f.write("event: %s\ndata: %s\n\n" % (event["event"], json.dumps(event["data"], ensure_ascii=False)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
