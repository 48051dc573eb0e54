#!/usr/bin/env bash
# Installs what notebook steps run on (idempotent): Debian's Jupyter (nbclient, nbconvert) and the
# python3 kernel. The tool picks the Python of the `jupyter` command (/usr/bin/python3 here), so a
# pyenv or venv python3 earlier on PATH does not matter. Then checks that a kernel really executes.
set -euo pipefail
if ! /usr/bin/python3 -c "import nbclient, nbconvert, nbformat, ipykernel" 2>/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq jupyter-nbconvert python3-ipykernel >/dev/null
fi
head -1 "$(command -v jupyter)"
/usr/bin/python3 - <<'PY'
import nbformat
from nbclient import NotebookClient
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import sys; print(sys.version_info[:2])")])
NotebookClient(nb, kernel_name="python3", timeout=120).execute()
print("python3 kernel:", nb.cells[0].outputs[0]["text"].strip())
PY
