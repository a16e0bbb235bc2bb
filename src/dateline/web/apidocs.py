"""The API's documentation as a page of this app, read from its OpenAPI document: no script, nothing fetched.

FastAPI's own /docs loads Swagger UI from a CDN, which a desk without network
(or under this app's Content-Security-Policy) cannot show; this page lists the
same routes, parameters and response shapes as plain HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Param:
    name: str
    where: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Reply:
    status: str
    description: str
    types: tuple[str, ...]  # media types
    shape: str  # the model's name, or a list of it


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    summary: str
    params: tuple[Param, ...]
    replies: tuple[Reply, ...]
    body: str = ""


@dataclass(frozen=True)
class Model:
    name: str
    description: str
    fields: tuple[Param, ...] = field(default_factory=tuple)


def type_name(schema: dict[str, Any]) -> str:
    """A schema as a reader writes its type: 'string', 'list of Entry', 'integer or null'."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(dict.fromkeys(type_name(s) for s in schema["anyOf"]))
    if schema.get("type") == "array":
        return "list of " + type_name(schema.get("items", {}))
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    if schema.get("type") == "object" and "additionalProperties" in schema:
        return "object"
    return schema.get("type", "any")


def routes(openapi: dict[str, Any]) -> list[Route]:
    """Every route of the document, with its parameters and responses."""
    out = []
    for path, methods in openapi.get("paths", {}).items():
        for method, op in methods.items():
            params = tuple(Param(p["name"], p["in"], type_name(p.get("schema", {})), p.get("required", False),
                                 p.get("description", "")) for p in op.get("parameters", []))
            replies = []
            for status, r in op.get("responses", {}).items():
                content = r.get("content", {})
                shape = next((type_name(c["schema"]) for c in content.values() if "schema" in c), "")
                replies.append(Reply(status, r.get("description", ""), tuple(content), shape))
            body = ", ".join(op.get("requestBody", {}).get("content", {}))
            out.append(Route(method.upper(), path, op.get("summary", ""), params, tuple(replies), body))
    return out


def models(openapi: dict[str, Any]) -> list[Model]:
    """The response shapes, with their fields (the validation errors FastAPI adds are left out)."""
    out = []
    for name, schema in sorted(openapi.get("components", {}).get("schemas", {}).items()):
        if name in {"HTTPValidationError", "ValidationError"} or name.startswith("Body_"):
            continue
        required = set(schema.get("required", ()))
        fields = tuple(Param(f, "", type_name(s), f in required, s.get("description", ""))
                       for f, s in schema.get("properties", {}).items())
        out.append(Model(name, schema.get("description", ""), fields))
    return out
