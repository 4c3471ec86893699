#!/usr/bin/env bash
# Until the first deployment, the initial revision is regenerated from the models whenever the
# data model changes (nothing has been migrated in production yet). Read the result by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
export FLASK_APP=app
tmp=$(mktemp -d)
mv migrations/versions/0002_audit_append_only.py "$tmp/"
rm -f migrations/versions/0001_initial_schema.py
DATABASE_URL="sqlite:///$tmp/empty.sqlite3" .venv/bin/flask db migrate -m "initial schema" --rev-id 0001_initial >/dev/null 2>&1
mv migrations/versions/0001_initial_*.py migrations/versions/0001_initial_schema.py
python3 - <<'PY'
p = "migrations/versions/0001_initial_schema.py"
s = open(p).read()
s = s.replace('"""initial schema\n', '"""Initial schema: the whole data model of shared/DESIGN.md.\n\n'
              'Written by autogenerate (migrations/env.py renders the app\'s UTCDateTime as the plain\n'
              '`DateTime(timezone=True)` it stores) and read by hand. The audit triggers are revision 0002.\n', 1)
open(p, "w").write(s)
PY
mv "$tmp/0002_audit_append_only.py" migrations/versions/
rm -rf "$tmp"
echo "regenerated migrations/versions/0001_initial_schema.py"
