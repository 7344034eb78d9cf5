#!/usr/bin/env python3
"""Checks the order API's OpenAPI document with real validators.

  openapi_check.py spec DOCUMENT
      the document is a valid OpenAPI 3.1 document (openapi-spec-validator)
  openapi_check.py responses DOCUMENT EXCHANGES
      every recorded exchange's response conforms to the document (openapi-core): EXCHANGES is a JSON
      list of {"method", "path", "status", "headers": {name: value}, "body": text}; an exchange marked
      "undocumented": true (a path or method the document does not have, answered 404 or 405) must be
      an application/problem+json body that conforms to the document's Problem schema (jsonschema)

Exits 0 when everything conforms, 1 with one line per problem otherwise.
"""
import json
import sys


def check_spec(path):
    from openapi_spec_validator import validate
    with open(path) as f:
        validate(json.load(f))
    print(f"{path}: a valid OpenAPI document")
    return 0


def check_responses(spec_path, exchanges_path):
    from openapi_core import Config, OpenAPI
    from openapi_core.testing import MockRequest, MockResponse
    with open(spec_path) as f:
        # RFC 9457 bodies are JSON under their own media type, which openapi-core does not read by itself.
        config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
        api_document = json.load(f)
        api = OpenAPI.from_dict(api_document, config=config)
    with open(exchanges_path) as f:
        exchanges = json.load(f)
    failures = 0
    for exchange in exchanges:
        headers = exchange.get("headers", {})
        if exchange.get("undocumented"):
            where = f'{exchange["method"]} {exchange["path"]} -> {exchange["status"]} (not in the document)'
            problem = undocumented_problem(api_document, exchange)
            if problem:
                failures += 1
                print(f"FAIL: {where}: {problem}")
            else:
                print(f"ok: {where}")
            continue
        request = MockRequest("http://localhost", exchange["method"].lower(), exchange["path"])
        response = MockResponse(
            exchange["body"].encode(), status_code=exchange["status"], headers=headers,
            content_type=headers.get("Content-Type", headers.get("content-type", "")))
        where = f'{exchange["method"]} {exchange["path"]} -> {exchange["status"]}'
        try:
            api.validate_response(request, response)
            print(f"ok: {where}")
        except Exception as error:  # every kind of mismatch is reported the same way
            failures += 1
            details = "; ".join(str(e) for e in getattr(error, "schema_errors", [])) or str(error)
            print(f"FAIL: {where}: {type(error).__name__}: {details}")
    print(f"{len(exchanges) - failures} passed, {failures} failed")
    return 1 if failures else 0


def undocumented_problem(document, exchange):
    """What is wrong with the answer to a request the document has no operation for, or None."""
    import jsonschema
    headers = {name.lower(): value for name, value in exchange.get("headers", {}).items()}
    if headers.get("content-type") != "application/problem+json":
        return f'content type {headers.get("content-type")!r}, not application/problem+json'
    try:
        body = json.loads(exchange["body"])
    except ValueError as error:
        return f"the body is not JSON: {error}"
    # The Problem schema with the document's components beside it, so its $refs resolve.
    schema = dict(document["components"]["schemas"]["Problem"])
    schema["components"] = document["components"]
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(body)]
    if errors:
        return "; ".join(errors)
    if body.get("status") != exchange["status"]:
        return f'the body says status {body.get("status")}, the response {exchange["status"]}'
    if exchange["status"] == 405 and not headers.get("allow"):
        return "405 without an Allow header"
    return None


def main(argv):
    if len(argv) == 3 and argv[1] == "spec":
        return check_spec(argv[2])
    if len(argv) == 4 and argv[1] == "responses":
        return check_responses(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
