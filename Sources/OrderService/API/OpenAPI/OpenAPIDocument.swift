// The order API's OpenAPI 3.1 document, served at /api/v1/openapi.json. docs/openapi.json holds the
// same text for tools and the validation tests, which check that the two are identical: edit both.
enum OpenAPIDocument {
    static let json = ##"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "orderflow order API",
    "version": "1.0.0",
    "description": "Accepts orders (written to the order service's outbox as order.requested) and reports an order's state and history. Every operation needs a bearer token (JWT) with the scope it names; every error is application/problem+json (RFC 9457), including a path under /api/v1 the API does not have (404) and a method a path does not answer (405, with Allow)."
  },
  "servers": [{"url": "/"}],
  "security": [{"bearer": []}],
  "paths": {
    "/api/v1/orders": {
      "post": {
        "operationId": "createOrder",
        "summary": "Accept an order (scope orders:write). The same Idempotency-Key with the same body returns the same answer; the same key with another body is 422. A client-chosen orderId asked for again under another key returns the first answer when the body is the same, and 409 when it differs or the order was placed another way.",
        "parameters": [
          {"name": "Idempotency-Key", "in": "header", "required": true, "schema": {"type": "string", "minLength": 1, "maxLength": 200}}
        ],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderRequest"}}}
        },
        "responses": {
          "202": {"description": "Accepted: order.requested is in the outbox.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AcceptedOrder"}}}},
          "400": {"$ref": "#/components/responses/Problem"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "409": {"$ref": "#/components/responses/Problem"},
          "413": {"$ref": "#/components/responses/Problem"},
          "414": {"$ref": "#/components/responses/Problem"},
          "422": {"$ref": "#/components/responses/Problem"},
          "429": {"$ref": "#/components/responses/TooManyRequests"},
          "431": {"$ref": "#/components/responses/Problem"},
          "500": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/api/v1/orders/{id}": {
      "get": {
        "operationId": "getOrder",
        "summary": "An order's state and history (scope orders:read).",
        "parameters": [
          {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}
        ],
        "responses": {
          "200": {"description": "The order.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderView"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/Problem"},
          "414": {"$ref": "#/components/responses/Problem"},
          "429": {"$ref": "#/components/responses/TooManyRequests"},
          "431": {"$ref": "#/components/responses/Problem"},
          "500": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/api/v1/openapi.json": {
      "get": {
        "operationId": "getOpenAPIDocument",
        "summary": "This document.",
        "security": [],
        "responses": {
          "200": {"description": "The OpenAPI document.", "content": {"application/json": {"schema": {"type": "object"}}}}
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "HS256, RS256 or ES256; scopes in the space-separated scope claim: orders:write, orders:read."}
    },
    "responses": {
      "Problem": {
        "description": "A problem (RFC 9457).",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "Unauthorized": {
        "description": "No token, or one that is malformed, forged, expired, not yet valid, or for another issuer or audience.",
        "headers": {"WWW-Authenticate": {"required": true, "schema": {"type": "string", "pattern": "^Bearer error=\"invalid_token\", error_description=\""}}},
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "Forbidden": {
        "description": "The token lacks the operation's scope.",
        "headers": {"WWW-Authenticate": {"required": true, "schema": {"type": "string", "pattern": "^Bearer error=\"insufficient_scope\""}}},
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "TooManyRequests": {
        "description": "Over the client's rate limit.",
        "headers": {"Retry-After": {"required": true, "schema": {"type": "integer", "minimum": 1}}},
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      }
    },
    "schemas": {
      "OrderLine": {
        "type": "object",
        "required": ["sku", "quantity", "unitPrice"],
        "properties": {
          "sku": {"type": "string"},
          "quantity": {"type": "integer"},
          "unitPrice": {"type": "integer", "description": "Minor units of the order's currency."}
        }
      },
      "OrderRequest": {
        "type": "object",
        "required": ["customerId", "lines", "currency", "paymentToken", "shippingCountry"],
        "properties": {
          "orderId": {"type": "string", "description": "Optional; assigned when omitted."},
          "customerId": {"type": "string"},
          "lines": {"type": "array", "items": {"$ref": "#/components/schemas/OrderLine"}},
          "currency": {"type": "string"},
          "totalAmount": {"type": "integer", "description": "Optional; computed from the lines when omitted."},
          "paymentToken": {"type": "string"},
          "shippingCountry": {"type": "string"}
        }
      },
      "AcceptedOrder": {
        "type": "object",
        "required": ["orderId", "correlationId", "status"],
        "additionalProperties": false,
        "properties": {
          "orderId": {"type": "string"},
          "correlationId": {"type": "string"},
          "status": {"const": "accepted"}
        }
      },
      "OrderStep": {
        "type": "object",
        "required": ["eventType", "eventId", "status", "at"],
        "additionalProperties": false,
        "properties": {
          "eventType": {"type": "string"},
          "eventId": {"type": "string"},
          "status": {"type": "string"},
          "detail": {"type": "string"},
          "at": {"type": "string", "format": "date-time"}
        }
      },
      "OrderView": {
        "type": "object",
        "required": ["orderId", "customerId", "status", "totalAmount", "currency", "correlationId", "history"],
        "additionalProperties": false,
        "properties": {
          "orderId": {"type": "string"},
          "customerId": {"type": "string"},
          "status": {"enum": ["placed", "confirmed", "cancelled", "shipped", "rejected"]},
          "totalAmount": {"type": "integer"},
          "currency": {"type": "string"},
          "paymentStatus": {"enum": ["authorized", "declined"]},
          "stockStatus": {"enum": ["reserved", "rejected"]},
          "cancelReason": {"type": "string"},
          "correlationId": {"type": "string"},
          "requestedBy": {"type": "string", "description": "The sub of the token that asked for the order."},
          "history": {"type": "array", "items": {"$ref": "#/components/schemas/OrderStep"}}
        }
      },
      "ValidationError": {
        "type": "object",
        "required": ["field", "message"],
        "additionalProperties": false,
        "properties": {
          "field": {"type": "string", "description": "Path of the field, e.g. lines[0].quantity."},
          "message": {"type": "string"}
        }
      },
      "Problem": {
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "additionalProperties": false,
        "properties": {
          "type": {"type": "string", "format": "uri-reference"},
          "title": {"type": "string"},
          "status": {"type": "integer", "minimum": 400, "maximum": 599},
          "detail": {"type": "string"},
          "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}}
        }
      }
    }
  }
}
"""##
}
