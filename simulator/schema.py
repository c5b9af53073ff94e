"""The scenario format's JSON Schema (SCENARIO_FORMAT.md), generated from the pydantic models that read
scenario files, so editors and other programs validate files by the same rules as the simulator."""
from __future__ import annotations

from typing import Any

from .models import Scenario


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a version-1 scenario file."""
    schema = Scenario.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            **schema, "title": "Krone for Krone scenario, version 1"}


def field_paths(schema: dict[str, Any]) -> set[str]:
    """Every field of the schema as a dotted path ('household.adults.label'); list items add no step."""
    defs = schema.get("$defs", {})

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in node:
            return resolve(defs[node["$ref"].rsplit("/", 1)[-1]])
        for choice in node.get("anyOf", []):
            if "$ref" in choice or choice.get("type") in ("object", "array"):
                return resolve(choice)
        if node.get("type") == "array" and "items" in node:
            return resolve(node["items"])
        return node

    paths: set[str] = set()

    def walk(node: dict[str, Any], prefix: str) -> None:
        for name, sub in resolve(node).get("properties", {}).items():
            path = f"{prefix}{name}"
            paths.add(path)
            walk(sub, path + ".")

    walk(schema, "")
    return paths
