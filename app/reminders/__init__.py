"""Reminders before deadlines: every deadline the coordinator's dashboard knows
(app/appeals/queries.py), a pack-set number of working days before it is due (`[reminders]` in
workflows/policies/*.toml), sent once by the daily sweep.

The provider's own deadlines (a revised application, a condition, a monitoring response, a
corrective action plan, the end of an appeal window) are reminded by a letter, kept in the portal
and e-mailed by the task queue; the agency's deadlines (a monitoring report, the committee's
decision, the notice of it) by an e-mail notice to the active coordinators. Each reminder is a
`Reminder` row whose unique `dedupe_key` names the deadline and its due date, so a second sweep
(or a second host) cannot send it again; a moved due date is a new deadline and is reminded anew.
"""
