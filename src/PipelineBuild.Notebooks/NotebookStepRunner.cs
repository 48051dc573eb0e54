using System.Text.Json;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Notebooks;

/// <summary>
/// Runs <c>notebook:</c> steps with Jupyter's own machinery: the driver injects the step's values after
/// the cell tagged <c>parameters</c>, executes every cell with nbclient in the step's kernel, and writes
/// the executed notebook (and its HTML export) to the step's outputs. Before the step is fingerprinted,
/// the kernel is probed: its name and interpreter version enter the fingerprint.
/// </summary>
public sealed class NotebookStepRunner : IStepRunner, IStepRunnerSession
{
    private readonly NotebookDriver _driver;
    private readonly KernelProbe _kernels;

    public NotebookStepRunner(NotebookDriver driver)
    {
        _driver = driver;
        _kernels = new KernelProbe(driver);
    }

    public bool CanRun(StepDefinition step) => step.Kind == StepKind.Notebook;

    /// <summary>Kernels are probed once per run: each run gets a runner (and a probe) of its own.</summary>
    public IStepRunnerSession Begin(PipelineDefinition pipeline) => new NotebookStepRunner(_driver);

    async Task<PreparedStep> IStepRunnerSession.PrepareAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken)
    {
        var kernel = await _kernels.FindAsync(step.Kernel!, step.Location, context.Layout, cancellationToken).ConfigureAwait(false);
        return new PreparedNotebook(new StepEnvironment(Kernel: kernel.Identity), context.Pipeline.Params);
    }

    // Explicit: a change of the interface's signature must not leave this as an unused overload.
    async Task<StepEnvironment> IStepRunnerSession.PeekAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken)
    {
        try
        {
            var kernel = await _kernels.FindAsync(step.Kernel!, step.Location, context.Layout, CancellationToken.None).ConfigureAwait(false);
            return new StepEnvironment(Kernel: kernel.Identity);
        }
        catch (PipelineException e)
        {
            return new StepEnvironment(Pending: $"kernel '{step.Kernel}' is not ready ({e.Code})");
        }
    }

    public async Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var step = execution.Step;
        var layout = execution.Layout;
        var prepared = execution.Prepared as PreparedNotebook
            ?? throw new InvalidOperationException($"The kernel of step '{step.Id}' was not prepared before it ran.");
        var (source, error) = InjectedParameters.For(step, prepared.Params);
        if (source is null)
        {
            return new StepExecutionResult(1, $"{NotebookErrorCodes.BadParameterName}: {error}");
        }

        var kernel = await _kernels.FindAsync(step.Kernel!, step.Location, layout, cancellationToken).ConfigureAwait(false);
        execution.Log.Note($"kernel {kernel.Name}: {kernel.Version} ({kernel.Executable}); Jupyter: {_driver.Python}");
        var requests = Path.Combine(layout.StateFolder, "notebooks", execution.RunId);
        var name = string.Concat(step.Id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        var requestPath = Path.Combine(requests, name + ".json");
        Directory.CreateDirectory(requests);
        Directory.CreateDirectory(layout.FullPath(NotebookOutputs.Folder));
        WriteRequest(requestPath, step, source, layout.Root, layout.FullPath);
        try
        {
            var (exitCode, result) = await _driver.RunAsync("run", requestPath, Path.Combine(requests, name + ".result.json"), layout.Root, step.Env, execution.Log.Write, cancellationToken).ConfigureAwait(false);
            return Outcome(step, exitCode, result);
        }
        catch (IOException e)
        {
            return new StepExecutionResult(127, $"cannot start '{_driver.Python}' ({e.Message}); install Jupyter or set {JupyterPython.Variable}");
        }
        finally
        {
            File.Delete(requestPath);
            if (!Directory.EnumerateFileSystemEntries(requests).Any())
            {
                Directory.Delete(requests);
            }
        }
    }

    private static StepExecutionResult Outcome(StepDefinition step, int exitCode, JsonElement? answer)
    {
        if (answer is not { } result)
        {
            return new StepExecutionResult(exitCode == 0 ? 1 : exitCode, $"the Jupyter driver ended with exit code {exitCode} and no result; see the step log");
        }

        return NotebookDriver.Text(result, "status") switch
        {
            "succeeded" => new StepExecutionResult(0),
            "failed" => new StepExecutionResult(1, CellFailure.Describe(step.Notebook!, NotebookDriver.Number(result, "cell"), NotebookDriver.Number(result, "line"), NotebookDriver.Text(result, "last"))),
            "no-kernel" => new StepExecutionResult(1, $"the Jupyter kernel '{step.Kernel}' is not installed"),
            _ => new StepExecutionResult(1, $"{step.Notebook}: {NotebookDriver.Text(result, "error") ?? "the notebook could not be executed"}"),
        };
    }

    private static void WriteRequest(string path, StepDefinition step, string parameters, string root, Func<string, string> fullPath)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("notebook", fullPath(step.Notebook!));
        writer.WriteString("executed", fullPath(NotebookOutputs.Executed(step.Id)));
        if (step.Export == "html")
        {
            writer.WriteString("html", fullPath(NotebookOutputs.Html(step.Id)));
        }

        writer.WriteString("kernel", step.Kernel);
        writer.WriteString("cwd", root);
        writer.WriteString("parameters", parameters);
        writer.WriteEndObject();
    }
}
