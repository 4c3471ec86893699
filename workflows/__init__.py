"""Framework-free domain rules of the SES approval product (shared/DESIGN.md sections 2-7, 11).

States and the transition table, the working-day calendar and deadline rules, policy packs,
violations, effectiveness, eligibility and funding. Nothing here imports Flask, SQLAlchemy or app.
"""
