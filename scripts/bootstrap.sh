# Sourced by scripts/run and scripts/test: create or reuse .venv and install what is needed.
# Needs only Python 3.11+ with venv and pip. Re-installs when pyproject.toml changes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PYTHON_BIN="${PYTHON:-python3}"

if ! "$PYTHON_BIN" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "officer-tui needs Python 3.11 or newer (found: $("$PYTHON_BIN" --version 2>&1))." >&2
    exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
    echo "Creating a virtual environment in .venv ..." >&2
    "$PYTHON_BIN" -m venv "$VENV"
fi
stamp="$VENV/.officer-installed"
want="$(cat "$ROOT/pyproject.toml" | "$VENV/bin/python" -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')-${OFFICER_EXTRAS:-dev}"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "Installing officer-tui and its dependencies into .venv ..." >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[${OFFICER_EXTRAS:-dev}]"
    echo "$want" > "$stamp"
fi
