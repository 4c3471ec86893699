"""Submitted versions: a frozen copy of the application at each submission, and what changed
between two of them, field by field, so reviewers on the second read see the revision.
"""

from typing import Any

from app.applications.forms.sections import ATTACHMENT_KINDS, attachments_of, sections_for
from app.applications.forms.values import display

SNAPSHOT_STORES = ("program", "narrative", "service_summary", "assurances", "pack_fields")


def snapshot(application):
    """Everything the provider submitted, as plain JSON values."""
    data: dict[str, Any] = {
        store: dict(getattr(application, store) or {}) for store in SNAPSHOT_STORES
    }
    data["program_description"] = application.program_description or ""
    data["service_area"] = [{"code": d.code, "name": d.name} for d in application.service_area]
    data["organization"] = {
        "name": application.organization.name,
        "code": application.organization.code,
    }
    data["documents"] = [
        {
            "id": d.id,
            "kind": d.kind,
            "filename": d.filename,
            "size_bytes": d.size_bytes,
            "sha256": d.sha256,
        }
        for d in attachments_of(application)
    ]
    return data


def _field_value(snap, section, spec):
    if section.store == "program_description":
        return snap.get("program_description", "")
    if spec.kind == "districts":
        if (snap.get("program") or {}).get("statewide"):
            return "Statewide"
        return ", ".join(f"{d['name']} {d['code']}" for d in snap.get("service_area", []))
    return display(spec, (snap.get(section.store) or {}).get(spec.key))


def _documents(snap):
    labels = dict(ATTACHMENT_KINDS)
    return "; ".join(
        f"{labels.get(d['kind'], d['kind'])}: {d['filename']}" for d in snap.get("documents", [])
    )


def rows(snap, policy):
    """[(section title, field label, shown value)] for every field of a snapshot."""
    out = []
    for section in sections_for(policy):
        if section.store == "documents":
            out.append((section.title, "Attached files", _documents(snap)))
            continue
        for spec in section.fields:
            out.append((section.title, spec.label, _field_value(snap, section, spec)))
    return out


def changes(old, new, policy):
    """[(section title, field label, old value, new value)] where the two snapshots differ."""
    return [
        (section, label, before, after)
        for (section, label, before), (_, _, after) in zip(
            rows(old, policy), rows(new, policy), strict=True
        )
        if before != after
    ]
