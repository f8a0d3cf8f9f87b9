"""Render ``docs/schema.md`` from the model; a test fails when the committed file is stale."""

from __future__ import annotations

from chokepoint.schema.model import DomainModel
from chokepoint.schema.specs import PlaceSpec, PropertySpec


def render_schema_doc(model: DomainModel) -> str:
    lines = [
        "# Chokepoint schema reference",
        "",
        "Generated from `schema/` by `chokepoint schema generate`; do not edit by hand.",
        "",
        f"Every node also carries the label `{model.base_label}` and these properties:",
        "",
        *_property_table(model.common.node_properties),
        "",
        "Every node and relationship carries provenance:",
        "",
        *_property_table(model.common.provenance),
        "",
        *_vocabulary(model),
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
            *_hints(model, name),
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


def _vocabulary(model: DomainModel) -> list[str]:
    common = model.common
    return [
        "## Handling caveats",
        "",
        "From least to most restrictive: a link between two records carries the later caveat of the two.",
        "",
        "| caveat | seen by | description |",
        "|---|---|---|",
        *(f"| `{c.name}` | {_SEEN_BY[c.sharing]} | {c.description} |" for c in common.caveats),
        "",
        "## Node groups",
        "",
        "Relationship endpoints may name a group instead of listing its members.",
        "",
        "| group | members | description |",
        "|---|---|---|",
        *(
            f"| `{name}` | {', '.join(group.members)} | {group.description} |"
            for name, group in common.node_groups.items()
        ),
        "",
        "## Relationship groups",
        "",
        "Code names a group of relationship types instead of listing its members.",
        "",
        "| group | members | description |",
        "|---|---|---|",
        *(
            f"| `{name}` | {', '.join(group.members)} | {group.description} |"
            for name, group in common.relationship_groups.items()
        ),
        "",
        "## Value groups",
        "",
        "Code and saved investigations name a group of one property's values instead of listing them.",
        "",
        "| group | property | members | description |",
        "|---|---|---|---|",
        *(
            f"| `{name}` | `{group.property}` | {', '.join(group.members)} | {group.description} |"
            for name, group in common.value_groups.items()
        ),
        "",
        "## Sanctions programme groups",
        "",
        "| group | programmes | description |",
        "|---|---|---|",
        *(
            f"| `{name}` | {', '.join(group.programs)} | {group.description} |"
            for name, group in common.program_groups.items()
        ),
        "",
    ]


_SEEN_BY = {
    "public": "every viewer",
    "owner": "its agency and those it shares the caveat with",
    "originator": "its agency only",
}


def _hints(model: DomainModel, label: str) -> list[str]:
    spec = model.node(label)
    style = spec.style
    hints = [f"Drawn as icon `{style.icon}` in `{style.colour}`, size {style.size:g}." if style else ""]
    hints += [f"Dated by `{spec.event_date}`." if spec.event_date else ""]
    hints += [_place_hint(spec.place) if spec.place else ""]
    text = " ".join(hint for hint in hints if hint)
    return [text, ""] if text else []


def _place_hint(place: PlaceSpec) -> str:
    if place.at is not None:
        return f"On the workspace's map where its `{place.at}` link leads."
    return f"On the workspace's map at `{place.latitude}`, `{place.longitude}`."


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
