using System.Collections.Concurrent;
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
/// the kernel is probed: its name and interpreter version enter the fingerprint. A step with <c>image:</c>
/// runs the driver in a container of that image through the container runner (<see cref="NotebookContainer"/>).
/// </summary>
public sealed class NotebookStepRunner : IStepRunner, IStepRunnerSession
{
    private readonly NotebookDriver _driver;
    private readonly KernelProbe _kernels;
    private readonly IStepRunner? _containers;
    private readonly IStepRunnerSession? _containerSession;
    private readonly ConcurrentDictionary<string, byte> _requestFolders = new(StringComparer.Ordinal);

    /// <param name="driver">Starts the driver on the host.</param>
    /// <param name="containers">The container runner, for steps with <c>image:</c> (none: such steps fail to prepare).</param>
    public NotebookStepRunner(NotebookDriver driver, IStepRunner? containers = null)
        : this(driver, containers, null)
    {
    }

    private NotebookStepRunner(NotebookDriver driver, IStepRunner? containers, IStepRunnerSession? containerSession)
    {
        _driver = driver;
        _kernels = new KernelProbe(driver);
        _containers = containers;
        _containerSession = containerSession;
    }

    public bool CanRun(StepDefinition step) => step.Kind == StepKind.Notebook;

    /// <summary>Kernels are probed once per run: each run gets a runner (and a probe) of its own.</summary>
    public IStepRunnerSession Begin(PipelineDefinition pipeline) => new NotebookStepRunner(_driver, _containers, _containers?.Begin(pipeline));

    public async ValueTask DisposeAsync()
    {
        if (_containerSession is not null)
        {
            await _containerSession.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var folder in _requestFolders.Keys.Where(f => Directory.Exists(f) && !Directory.EnumerateFileSystemEntries(f).Any()))
        {
            Directory.Delete(folder);
        }
    }

    async Task<PreparedStep> IStepRunnerSession.PrepareAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken)
    {
        if (step.Image is not null)
        {
            var container = await Containers(step).PrepareAsync(NotebookContainer.Step(step), context, cancellationToken).ConfigureAwait(false);
            return new PreparedNotebook(container.Environment with { Kernel = NotebookContainer.KernelIdentity(step) }, context.Pipeline.Params, container);
        }

        var kernel = await _kernels.FindAsync(step.Kernel!, step.Location, context.Layout, cancellationToken).ConfigureAwait(false);
        return new PreparedNotebook(new StepEnvironment(Kernel: kernel.Identity), context.Pipeline.Params);
    }

    // Explicit: a change of the interface's signature must not leave this as an unused overload.
    async Task<StepEnvironment> IStepRunnerSession.PeekAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken)
    {
        if (step.Image is not null)
        {
            var container = await Containers(step).PeekAsync(NotebookContainer.Step(step), context, cancellationToken).ConfigureAwait(false);
            return container with { Kernel = NotebookContainer.KernelIdentity(step) };
        }

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

        var requests = Path.Combine(layout.StateFolder, "notebooks", execution.RunId);
        var name = string.Concat(step.Id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        var requestPath = Path.Combine(requests, name + ".json");
        var resultPath = Path.Combine(requests, name + ".result.json");
        // Steps running at once share the folder: it goes when the run ends (DisposeAsync), not after each step.
        Directory.CreateDirectory(requests);
        _requestFolders.TryAdd(requests, 0);
        Directory.CreateDirectory(layout.FullPath(NotebookOutputs.Folder));
        try
        {
            if (prepared.Container is { } container)
            {
                return await RunInContainerAsync(execution, container, source, requestPath, resultPath, cancellationToken).ConfigureAwait(false);
            }

            var kernel = await _kernels.FindAsync(step.Kernel!, step.Location, layout, cancellationToken).ConfigureAwait(false);
            execution.Log.Note($"kernel {kernel.Name}: {kernel.Version} ({kernel.Executable}); Jupyter: {_driver.Python}");
            WriteRequest(requestPath, step, source, layout.Root, layout.FullPath);
            var (exitCode, result) = await _driver.RunAsync("run", requestPath, resultPath, layout.Root, step.Env, execution.Log.Write, cancellationToken).ConfigureAwait(false);
            return Outcome(step, exitCode, result);
        }
        catch (IOException e)
        {
            return new StepExecutionResult(127, $"cannot start '{_driver.Python}' ({e.Message}); install Jupyter or set {JupyterPython.Variable}");
        }
        finally
        {
            File.Delete(requestPath);
            File.Delete(resultPath);
            File.Delete(Path.ChangeExtension(requestPath, ".driver.py"));
        }
    }

    /// <summary>The driver and its request go to the state folder, the container runs it under the mounted workspace, the result comes back as a file.</summary>
    private async Task<StepExecutionResult> RunInContainerAsync(StepExecution execution, PreparedStep container, string source, string requestPath, string resultPath, CancellationToken cancellationToken)
    {
        var (step, layout) = (execution.Step, execution.Layout);
        var driverPath = Path.ChangeExtension(requestPath, ".driver.py");
        await File.WriteAllTextAsync(driverPath, NotebookDriver.Script, cancellationToken).ConfigureAwait(false);

        string InContainer(string path) => NotebookContainer.PathInContainer(layout.Root, path);
        WriteRequest(requestPath, step, source, NotebookContainer.WorkspaceMount, path => InContainer(layout.FullPath(path)));
        execution.Log.Note($"kernel {step.Kernel} in image {step.Image}: the image's python3 runs Jupyter");
        var command = NotebookContainer.Command(InContainer(driverPath), InContainer(requestPath), InContainer(resultPath));
        var ran = await Containers(step).RunAsync(execution with { Step = NotebookContainer.Step(step, command), Prepared = container }, cancellationToken).ConfigureAwait(false);
        if (NotebookDriver.TakeResult(resultPath) is { } result)
        {
            return Outcome(step, ran.ExitCode, result);
        }

        return ran.Error is not null
            ? ran
            : new StepExecutionResult(ran.ExitCode == 0 ? 1 : ran.ExitCode, $"the image '{step.Image}' could not run the Jupyter driver (exit code {ran.ExitCode}); it needs python3 with nbclient, nbconvert and the '{step.Kernel}' kernel (see the step log)");
    }

    private IStepRunnerSession Containers(StepDefinition step) => _containerSession
        ?? throw new PipelineException(
            NotebookErrorCodes.NoContainers,
            $"{step.Location}: error {NotebookErrorCodes.NoContainers}: notebook step '{step.Id}' names an image, but this build of the tool has no container runner; remove 'image:' to run it on the host",
            ExitCodes.ServiceUnavailable);

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
