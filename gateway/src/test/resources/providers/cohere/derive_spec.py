#!/usr/bin/env python3
"""Derives cohere-v2-chat.openapi.yaml from Cohere's published OpenAPI spec.

Usage: derive_spec.py <cohere-openapi.yaml> <out.yaml>

Cohere's full spec (OpenAPI 3.1, ~29k lines) does not load in swagger-request-validator: some
x-fern-examples code samples are external $refs to ./snippets/*.ts files that are not published
with it. This keeps only what the gateway's tests need, unchanged:
  * the POST /v2/chat operation (request body, parameters, responses) without x-fern-examples
    (the code samples, external $refs included; the documented example payloads are kept as
    golden fixtures next to this file instead),
  * every components/schemas, /responses and /parameters entry reachable from it via local $refs,
  * openapi version 3.0.3: the kept schemas use no 3.1-only keyword (the script fails if they do),
    and the validator's JSON-schema engine is draft-04 based,
  * the 200 answer is ChatResponseV2 only (the JSON answer): the spec's alternative
    StreamedChatResponseV2 describes the SSE events, which are not a JSON body, and its
    allOf-composed event schemas cannot satisfy the validator's discriminator checks,
  * one repair, of discriminated oneOfs: the validator ignores a discriminator's mapping when it
    checks oneOf, and requires the discriminator property to be declared and required in every
    target. So each target's discriminator property is set to exactly the value(s) the mapping
    gives it: `ChatToolSource` / `ChatDocumentSource` did not declare `type` at all (now required
    "tool" / "document", as Cohere sends in citation sources), and `ChatTextResponseFormatV2` /
    `JsonResponseFormatV2` both allowed "text" and "json_object" (so `{"type":"json_object"}`
    matched both; now "text" and "json_object" respectively), `ImageContent` allowed "text" too
    (now "image_url"). This states what the discriminators already say; nothing else changes.
"""
import re
import sys

import yaml

class Yaml12BoolLoader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. (YAML 1.1 would read Cohere's `safety_mode` value OFF as false.)"""


Yaml12BoolLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12BoolLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

THREE_ONE_ONLY = {"const", "prefixItems", "unevaluatedProperties", "$defs", "examples", "if", "then", "else"}


def refs(node, found):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                if not v.startswith("#/"):
                    raise SystemExit("external $ref left: " + v)
                found.add(v)
            else:
                refs(v, found)
    elif isinstance(node, list):
        for v in node:
            refs(v, found)


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


def resolve(doc, ref):
    node = doc
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def walk(node):
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


def allowed_values(derived, schema):
    """The enum a property schema allows (following one local $ref), or None."""
    if schema is None:
        return None
    if "$ref" in schema:
        schema = resolve(derived, schema["$ref"])
    return set(schema["enum"]) if "enum" in schema else None


def declare_discriminator_properties(derived):
    for node in list(walk(derived)):
        disc = node.get("discriminator")
        if not isinstance(disc, dict) or "mapping" not in disc:
            continue
        prop = disc["propertyName"]
        keys_by_target = {}
        for key, ref in disc["mapping"].items():
            keys_by_target.setdefault(ref, []).append(key)
        for ref, keys in keys_by_target.items():
            name = ref.split("/")[-1]
            target = derived["components"]["schemas"].get(name)
            if target is None or "allOf" in target:
                continue
            props = target.setdefault("properties", {})
            narrowed = {"type": "string", "enum": sorted(keys)}
            if allowed_values(derived, props.get(prop)) != set(keys):
                props[prop] = narrowed
            required = target.setdefault("required", [])
            if prop not in required:
                required.append(prop)


def main(src, out):
    with open(src) as f:
        spec = yaml.load(f, Loader=Yaml12BoolLoader)
    op = dict(spec["paths"]["/v2/chat"]["post"])
    op.pop("x-fern-examples", None)
    op.pop("x-fern-streaming", None)
    op["responses"] = dict(op["responses"])
    op["responses"]["200"] = {
        "description": "OK",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatResponseV2"}}},
    }
    derived = {
        "openapi": "3.0.3",
        "info": {"title": "Cohere API: POST /v2/chat only (derived, see derive_spec.py)", "version": spec["info"]["version"]},
        "servers": spec["servers"],
        "security": spec["security"],
        "paths": {"/v2/chat": {"post": op}},
        "components": {"securitySchemes": spec["components"]["securitySchemes"]},
    }
    pending, done = set(), set()
    refs(op, pending)
    while pending:
        ref = pending.pop()
        if ref in done:
            continue
        done.add(ref)
        _, _, section, name = ref.split("/")
        target = resolve(spec, ref)
        derived["components"].setdefault(section, {})[name] = target
        refs(target, pending)
    declare_discriminator_properties(derived)
    check_30(derived["paths"], "#/paths")
    check_30(derived["components"], "#/components")
    # Deterministic output: sections and entries in name order.
    derived["components"] = {name: dict(sorted(section.items()))
                             for name, section in sorted(derived["components"].items())}
    with open(out, "w") as f:
        f.write("# Derived from Cohere's published OpenAPI spec by derive_spec.py (see its docstring).\n")
        f.write("# Do not edit by hand: re-run the script on a newer spec instead.\n")
        yaml.safe_dump(derived, f, sort_keys=False, allow_unicode=True, width=120)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
