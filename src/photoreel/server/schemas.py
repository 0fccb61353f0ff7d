"""Request-body schemas written by hand into the OpenAPI document."""

from __future__ import annotations

from typing import Any


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """A pydantic JSON schema with its `$defs` written in place of each `$ref`.

    pydantic points at `#/$defs/...` inside its own document; pasted into the OpenAPI
    document those references lead nowhere (schema fuzzers and validators refuse the
    whole document). The body is parsed by hand (for ADK-shaped errors), so FastAPI
    does not register its models; inlining keeps the body self-contained.
    """
    defs = schema.get("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(defs[ref.removeprefix("#/$defs/")])
            return {k: resolve(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    inlined: dict[str, Any] = resolve(schema)
    return inlined
