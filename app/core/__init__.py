"""What every area of the app shares: the one way to move a record through its lifecycle
(`lifecycle`), and the helpers each area would otherwise copy."""
