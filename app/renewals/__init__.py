"""Renewal of an approval (DESIGN.md section 4): a renewal application linked to the current
approval (`Application.renews_id`), prefilled from it, limited to the changes the pack allows,
decided on the provider's record, and superseding the approval it renews when granted.

The rules are framework-free in `workflows/renewal.py`; this package applies them to records:
`operations` (which round a provider may enter, starting and superseding), `record` (the
provider's record shown on the decision page).
"""
