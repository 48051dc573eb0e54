using System.Collections.Concurrent;
using System.Text.Json;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Notebooks;

/// <summary>
/// Asks Jupyter for a kernel's spec and its interpreter's version, once per kernel name for the
/// lifetime of the run's runner. A missing Jupyter or kernel is exit 3: the machine is not ready.
/// </summary>
public sealed class KernelProbe
{
    private readonly NotebookDriver _driver;
    private readonly ConcurrentDictionary<string, Lazy<Task<KernelInfo>>> _kernels = new(StringComparer.Ordinal);

    public KernelProbe(NotebookDriver driver)
    {
        _driver = driver;
    }

    /// <summary>The kernel, probed by the first step that asks (its location prefixes the errors).</summary>
    public Task<KernelInfo> FindAsync(string kernel, SourceLocation location, WorkspaceLayout layout, CancellationToken cancellationToken) =>
        _kernels.GetOrAdd(kernel, name => new Lazy<Task<KernelInfo>>(() => ProbeAsync(name, location, layout, cancellationToken))).Value;

    private async Task<KernelInfo> ProbeAsync(string kernel, SourceLocation location, WorkspaceLayout layout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(layout.TempFolder);
        var resultPath = Path.Combine(layout.TempFolder, $"kernel-{Environment.ProcessId}-{kernel}.json");
        var output = new List<string>();
        (int ExitCode, JsonElement? Result) answer;
        try
        {
            answer = await _driver.RunAsync("probe", kernel, resultPath, layout.Root, new Dictionary<string, string>(), (line, _) => { lock (output) { output.Add(line); } }, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw Unavailable(location, $"cannot start '{_driver.Python}' ({e.Message})");
        }

        if (answer.Result is not { } result)
        {
            var last = output.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? $"exit code {answer.ExitCode}";
            throw Unavailable(location, $"'{_driver.Python}' cannot run Jupyter: {last}");
        }

        switch (NotebookDriver.Text(result, "status"))
        {
            case "ok":
                return new KernelInfo(kernel, NotebookDriver.Text(result, "language") ?? "", NotebookDriver.Text(result, "version") ?? "", NotebookDriver.Text(result, "executable") ?? "");
            case "no-kernel":
                var known = result.TryGetProperty("kernels", out var list) ? string.Join(", ", list.EnumerateArray().Select(k => k.GetString())) : "";
                throw new PipelineException(
                    NotebookErrorCodes.UnknownKernel,
                    $"{location}: error {NotebookErrorCodes.UnknownKernel}: the Jupyter kernel '{kernel}' is not installed (installed: {(known.Length == 0 ? "none" : known)}); use one of them under 'kernel:', or install it ('jupyter kernelspec list' shows them)",
                    ExitCodes.ServiceUnavailable);
            default:
                throw Unavailable(location, $"'{_driver.Python}' cannot run Jupyter: {NotebookDriver.Text(result, "error") ?? "unknown error"}");
        }
    }

    private PipelineException Unavailable(SourceLocation location, string what) => new(
        NotebookErrorCodes.JupyterUnavailable,
        $"{location}: error {NotebookErrorCodes.JupyterUnavailable}: {what}; notebook steps need Jupyter (Debian: apt-get install jupyter-nbconvert python3-ipykernel; or pip install nbclient nbconvert ipykernel), or {JupyterPython.Variable} naming the Python that has it",
        ExitCodes.ServiceUnavailable);
}
