"""Letter pages (list, read, PDF) are built in the applications issue; see app/letters/."""
