#!/usr/bin/env python3
"""Derives workers-ai-run.openapi.json from Cloudflare's published schema of one Workers AI model.

Usage: derive_spec.py <model.json> <out.json>

<model.json> is Cloudflare's machine-readable description of a model, the file its docs render as
the model page's "Parameters" / "API Schemas" (cloudflare/cloudflare-docs
src/content/workers-ai-models/<model>.json; here llama-3.3-70b-instruct-fp8-fast.json, its `name` and
`schema` kept as published, see SOURCES.md). The OpenAPI document this writes has one operation,
POST /client/v4/accounts/{account_id}/ai/run/<model>, as the REST API serves it
(https://developers.cloudflare.com/workers-ai/get-started/rest-api/):
  * the request body is the model's `schema.input`, unchanged (its oneOf: Prompt, Messages, Async Batch),
  * the 200 JSON answer is Cloudflare's envelope {result, success, errors, messages} whose `result` is
    the model's JSON output (the first `schema.output` alternative; the others are the SSE stream and
    the async answer, which are not this JSON body),
  * one repair: `contentType`, Cloudflare's marker of which output alternative has which media type,
    is not a JSON-schema keyword and is removed,
  * bearer authentication, openapi 3.0.3 (the schema uses no 3.1-only keyword; the script fails if it does).
"""
import json
import sys

THREE_ONE_ONLY = {"const", "prefixItems", "unevaluatedProperties", "$defs", "examples", "if", "then", "else"}


def check_30(node, where):
    if isinstance(node, dict):
        for k, v in node.items():
            if k in THREE_ONE_ONLY and not where.endswith("/properties"):
                raise SystemExit("3.1-only keyword %s at %s" % (k, where))
            if k == "type" and isinstance(v, list):
                raise SystemExit("type array at " + where)
            check_30(v, where + "/" + k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            check_30(v, "%s/%d" % (where, i))


def without_content_type(node):
    if isinstance(node, dict):
        return {k: without_content_type(v) for k, v in node.items() if k != "contentType"}
    if isinstance(node, list):
        return [without_content_type(v) for v in node]
    return node


def main(src, out):
    with open(src) as f:
        model = json.load(f)
    name = model["name"]
    request = model["schema"]["input"]
    output = without_content_type(model["schema"]["output"]["oneOf"][0])
    message = {"type": "object", "required": ["code", "message"],
               "properties": {"code": {"type": "integer"}, "message": {"type": "string"}}}
    derived = {
        "openapi": "3.0.3",
        "info": {"title": "Workers AI run API: POST .../ai/run/%s only (derived, see derive_spec.py)" % name,
                 "version": "1"},
        "servers": [{"url": "https://api.cloudflare.com"}],
        "security": [{"bearer": []}],
        "paths": {
            "/client/v4/accounts/{account_id}/ai/run/" + name: {
                "post": {
                    "operationId": "workers-ai-run",
                    "parameters": [{"in": "path", "name": "account_id", "required": True,
                                    "schema": {"type": "string"}}],
                    "requestBody": {"required": True,
                                    "content": {"application/json": {"schema": request}}},
                    "responses": {
                        "200": {"description": "OK", "content": {"application/json": {"schema": {
                            "type": "object",
                            "required": ["result", "success", "errors", "messages"],
                            "properties": {
                                "result": output,
                                "success": {"type": "boolean"},
                                "errors": {"type": "array", "items": message},
                                "messages": {"type": "array", "items": message},
                            }}}}},
                    },
                }
            }
        },
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }
    check_30(derived, "#")
    with open(out, "w") as f:
        json.dump(derived, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
