"""Render ``docs/schema.md`` from the model; a test fails when the committed file is stale."""

from __future__ import annotations

from chokepoint.schema.model import DomainModel
from chokepoint.schema.specs import PropertySpec


def render_schema_doc(model: DomainModel) -> str:
    lines = [
        "# Chokepoint schema reference",
        "",
        "Generated from `schema/` by `chokepoint schema docs`; do not edit by hand.",
        "",
        f"Every node also carries the label `{model.base_label}` and these properties:",
        "",
        *_property_table(model.common.node_properties),
        "",
        "Every node and relationship carries provenance:",
        "",
        *_property_table(model.common.provenance),
        "",
        "## Node types",
        "",
    ]
    for name, spec in sorted(model.nodes.items()):
        lines += [
            f"### {name}",
            "",
            spec.description,
            "",
            f"Identity: {', '.join(f'`{k}`' for k in spec.identity)}",
            "",
            *_property_table(spec.properties),
            "",
        ]
    lines += ["## Relationship types", ""]
    for name, rel in sorted(model.relationships.items()):
        source, target = " \\| ".join(rel.source), " \\| ".join(rel.target)
        lines += [
            f"### {name}",
            "",
            rel.description,
            "",
            f"`({source}) -[:{name}]-> ({target})`",
            "",
        ]
        if rel.identity:
            lines += [f"Parallel relationships told apart by: {', '.join(rel.identity)}", ""]
        if rel.properties:
            lines += [*_property_table(rel.properties), ""]
    return "\n".join(lines).rstrip() + "\n"


def _property_table(properties: dict[str, PropertySpec]) -> list[str]:
    rows = ["| property | type | required | indexed | description |", "|---|---|---|---|---|"]
    for name, prop in properties.items():
        kind = prop.type + (f" ({' / '.join(prop.enum)})" if prop.enum else "")
        index = "full-text" if prop.search else ("range" if prop.indexed else "")
        rows.append(
            f"| `{name}` | {kind} | {'yes' if prop.required else ''} | {index} | "
            f"{prop.description.replace('|', '/')} |"
        )
    return rows
