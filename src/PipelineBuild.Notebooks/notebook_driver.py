# Executes one notebook for PipelineBuild with Jupyter's own machinery (nbformat, nbclient, nbconvert).
# Usage: python3 notebook_driver.py probe <kernel> | run <request.json>. Writes JSON results; the
# tool never speaks the kernel protocol itself.
import json
import os
import re
import subprocess
import sys

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
CELL_LINE = (re.compile(r"Cell In\s*\[\d*\],\s*line (\d+)"), re.compile(r"in <cell line: (\d+)>"))


def probe(kernel):
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    try:
        spec = KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        names = sorted(KernelSpecManager().find_kernel_specs())
        return {"status": "no-kernel", "kernels": names}
    result = {"status": "ok", "language": spec.language, "executable": spec.argv[0], "version": ""}
    if spec.language == "python":
        code = "import platform; print(platform.python_implementation(), platform.python_version())"
        try:
            out = subprocess.run([spec.argv[0], "-c", code], capture_output=True, text=True, timeout=60)
            result["version"] = out.stdout.strip()
        except OSError as e:
            return {"status": "bad-kernel", "error": str(e), "executable": spec.argv[0]}
    return result


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def inject(nb, source):
    import nbformat
    # An injected cell from an earlier papermill-style run is replaced, never stacked.
    nb.cells = [c for c in nb.cells if "injected-parameters" not in tags(c)]
    index = next((i for i, c in enumerate(nb.cells) if "parameters" in tags(c)), None)
    position = 0 if index is None else index + 1
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    cell["id"] = "injected-parameters"
    nb.cells.insert(position, cell)
    return position


def failure(cell, index, position):
    text = ""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            text = ANSI.sub("", "\n".join(output.get("traceback", [])))
            last = "%s: %s" % (output.get("ename", ""), output.get("evalue", ""))
            break
    else:
        last = ""
    line = None
    for pattern in CELL_LINE:
        match = pattern.search(text)
        if match:
            line = int(match.group(1))
            break
    lines = [l for l in text.splitlines() if l.strip()]
    if lines:
        last = lines[-1].strip()
    sys.stderr.write(text + "\n")
    number = None if index == position else (index if index > position else index + 1)
    return {"status": "failed", "cell": number, "line": line, "last": last}


def run(request_path):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from jupyter_client.kernelspec import NoSuchKernel
    with open(request_path, encoding="utf-8") as f:
        request = json.load(f)
    nb = nbformat.read(request["notebook"], as_version=4)
    position = inject(nb, request["parameters"])
    client = NotebookClient(nb, kernel_name=request["kernel"], timeout=None, record_timing=False,
                            resources={"metadata": {"path": request["cwd"]}})
    result = {"status": "succeeded"}
    try:
        with client.setup_kernel():
            info = client.wait_for_reply(client.kc.kernel_info())
            nb.metadata["language_info"] = info["content"]["language_info"]
            for index, cell in enumerate(nb.cells):
                try:
                    client.execute_cell(cell, index)
                except CellExecutionError:
                    result = failure(cell, index, position)
                    break
    except NoSuchKernel:
        result = {"status": "no-kernel"}
    nbformat.write(nb, request["executed"])
    if request.get("html"):
        from nbconvert import HTMLExporter
        body, _ = HTMLExporter().from_notebook_node(nb)
        with open(request["html"], "w", encoding="utf-8") as f:
            f.write(body)
    return result


def main():
    mode, argument, result_path = sys.argv[1], sys.argv[2], sys.argv[3]
    try:
        result = probe(argument) if mode == "probe" else run(argument)
    except Exception as e:  # reported to the tool as data, with the traceback in the step log
        import traceback
        traceback.print_exc()
        result = {"status": "error", "error": "%s: %s" % (type(e).__name__, e)}
    with open(result_path, "w", encoding="utf-8") as f:
        json.dump(result, f)
    return 0 if result["status"] in ("ok", "succeeded") else 1


if __name__ == "__main__":
    sys.exit(main())
