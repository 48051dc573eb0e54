using System.Collections.Concurrent;
using System.Text.Json;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Execution.Processes;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;
using PipelineBuild.TaskRunner.Kept;

namespace PipelineBuild.TaskRunner;

/// <summary>
/// The .NET task runner opened for one run: the task project is built at most once (only when its sources
/// changed), before any task step is fingerprinted; its build output's hash is the step's task assembly
/// hash. Task steps share warm task host processes (one step at a time each, each task in a collectible load context
/// of its own): hosts kept across runs (<see cref="KeptTaskHost"/>, <see cref="TaskHostLifetime"/>), else hosts that
/// end with the run (<see cref="WarmTaskHost"/>). A step with <c>env:</c> or secrets gets a host of its own that ends
/// with the step; a step after a cancelled one gets a fresh host.
/// </summary>
internal sealed class DotNetTaskSession : IStepRunnerSession
{
    private readonly PipelineDefinition _pipeline;
    private readonly DotNetHost _host;
    private readonly Action<string> _progress;
    private readonly ProcessLaunch _launch;
    private readonly Lazy<string> _builtInHash;
    private readonly Lock _gate = new();
    private Task<TaskProjectBuild>? _project;
    private readonly TaskHostPool<WarmTaskHost> _warm = new();
    private readonly ConcurrentDictionary<string, byte> _requestFolders = new(StringComparer.Ordinal);
    private readonly TaskHostPool<KeptTaskHost> _kept = new();
    private readonly TaskHostLifetime _lifetime;
    private readonly Lazy<string?> _keptFolder;

    public DotNetTaskSession(PipelineDefinition pipeline, DotNetHost host, Action<string> progress, ProcessLaunch launch, Lazy<string> builtInHash, TaskHostLifetime lifetime)
    {
        _lifetime = lifetime;
        _keptFolder = new(() => Core.Workspace.PrivateSocketFolder.Find(lifetime.RuntimeFolder, out _));
        _pipeline = pipeline;
        _host = host;
        _progress = progress;
        _launch = launch;
        _builtInHash = builtInHash;
    }

    /// <summary>
    /// Before a run: builds the task project if a selected step needs it, and checks every task name.
    /// Unknown names are reported together (PB6001, exit 2) before anything runs.
    /// </summary>
    public async Task ValidateAsync(IEnumerable<StepDefinition> steps, CancellationToken cancellationToken)
    {
        var taskSteps = steps.Where(s => s.Kind == StepKind.Task).ToList();
        if (taskSteps.Count == 0)
        {
            return;
        }

        var project = _pipeline.TasksProject is null ? null : await ProjectAsync(cancellationToken).ConfigureAwait(false);
        var diagnostics = new DiagnosticBag();
        DotNetTaskRunner.CheckNames(_pipeline, taskSteps, project, diagnostics);
        SqlConnectionCheck.Check(taskSteps.Where(s => project?.Defines(s.Task!) != true), diagnostics);
        diagnostics.ThrowIfErrors();
    }

    async Task<PreparedStep> IStepRunnerSession.PrepareAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken)
    {
        var project = context.Pipeline.TasksProject is null ? null : await ProjectAsync(cancellationToken).ConfigureAwait(false);
        if (project?.Defines(step.Task!) == true)
        {
            return new PreparedTask(new StepEnvironment(TaskAssemblyHash: project.AssemblyHash), project.AssemblyPath, context.Pipeline.Params);
        }

        if (!BuiltInTaskNames.Contains(step.Task!))
        {
            throw new PipelineException(TaskErrorCodes.UnknownTask, $"{step.Location}: error {TaskErrorCodes.UnknownTask}: unknown task '{step.Task}' in step '{step.Id}'");
        }

        return new PreparedTask(new StepEnvironment(TaskAssemblyHash: _builtInHash.Value, ExternalSource: BuiltInTaskNames.ExternalSourceOf(step.Task!)), null, context.Pipeline.Params);
    }

    // Explicit: a change of the interface's signature must not leave this as an unused overload.
    Task<StepEnvironment> IStepRunnerSession.PeekAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Peek(step, context));

    private StepEnvironment Peek(StepDefinition step, RunContext context)
    {
        var pipeline = context.Pipeline;
        if (pipeline.TasksProject is { } projectPath)
        {
            var builder = new TaskProjectBuilder(new WorkspaceLayout(pipeline.WorkspaceRoot), _host, _progress, _launch);
            if (builder.Find(projectPath) is not { } project)
            {
                return new StepEnvironment(Pending: $"task project {projectPath} is built first");
            }

            if (project.Defines(step.Task!))
            {
                return new StepEnvironment(TaskAssemblyHash: project.AssemblyHash);
            }
        }

        return BuiltInTaskNames.Contains(step.Task!)
            ? new StepEnvironment(TaskAssemblyHash: _builtInHash.Value, ExternalSource: BuiltInTaskNames.ExternalSourceOf(step.Task!))
            : StepEnvironment.None;
    }

    public async Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var step = execution.Step;
        var layout = execution.Layout;
        var requests = Path.Combine(layout.StateFolder, "tasks", "requests", execution.RunId);
        var name = string.Concat(step.Id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        var requestPath = Path.Combine(requests, name + ".json");
        var resultPath = Path.Combine(requests, name + ".result.json");
        // Steps running at once share the folder: it goes when the run ends (DisposeAsync), not after each step.
        Directory.CreateDirectory(requests);
        _requestFolders.TryAdd(requests, 0);
        File.Delete(resultPath);
        var prepared = execution.Prepared as PreparedTask
            ?? throw new InvalidOperationException($"The task of step '{step.Id}' was not prepared before it ran.");
        TaskRequestWriter.Write(requestPath, new TaskRequest(step, prepared.AssemblyPath, layout.Root, prepared.Params, resultPath));

        var secrets = step.Secrets;
        int exitCode;
        try
        {
            exitCode = SharesWarmHost(step)
                ? await RunWarmAsync(requestPath, execution, cancellationToken).ConfigureAwait(false)
                : await ProcessRunner.RunAsync(
                    new ProcessSpec(_host.DotNet, [_host.TaskHostPath, "run", requestPath], layout.Root, HostEnvironment(layout, step)) { RecordFolder = layout.ProcessesFolder, Launch = _launch },
                    (line, isError) => execution.Log.Write(secrets.Redact(line), isError),
                    cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            return new StepExecutionResult(127, $"cannot start the task host with '{_host.DotNet}' ({e.Message}); install the .NET 10 SDK and make sure 'dotnet' is on PATH");
        }

        var (status, error, detail) = ReadResult(resultPath);
        foreach (var line in (detail ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            execution.Log.Note(secrets.Redact(line.TrimEnd('\r')));
        }

        File.Delete(requestPath);
        File.Delete(resultPath);
        var message = error is null ? null : secrets.Redact(error);
        return status switch
        {
            "succeeded" when exitCode == 0 => new StepExecutionResult(0),
            null => new StepExecutionResult(exitCode == 0 ? 1 : exitCode, $"the task host ended with exit code {exitCode} and no result; see the step log"),
            "unavailable" => new StepExecutionResult(exitCode == 0 ? 1 : exitCode, message, ServiceUnavailable: true),
            _ => new StepExecutionResult(exitCode == 0 ? 1 : exitCode, message ?? $"task '{step.Task}' {status}"),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _kept.DisposeAsync().ConfigureAwait(false);
        await _warm.DisposeAsync().ConfigureAwait(false);
        foreach (var folder in _requestFolders.Keys)
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
    }

    /// <summary>
    /// A process's environment is shared by all it runs: a step with <c>env:</c> or secrets gets a host of its own,
    /// so that no value of one step is ever seen by another's code.
    /// </summary>
    private static bool SharesWarmHost(StepDefinition step) => step.Env.Count == 0 && step.Secrets.Names.Count == 0;

    /// <summary>The task host's environment: the run's, plus the step's <c>env:</c> and secrets when it has a host of its own.</summary>
    private static Dictionary<string, string> HostEnvironment(WorkspaceLayout layout, StepDefinition? step = null)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (step is not null)
        {
            foreach (var (name, value) in step.Env)
            {
                env[name] = value;
            }

            foreach (var secret in step.Secrets.Names)
            {
                env[secret] = step.Secrets.ValueOf(secret) ?? "";
            }
        }

        env["PIPELINEBUILD_CONTENT_STORE"] = layout.ContentFolder;
        env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return env;
    }

    /// <summary>Runs the request in a kept host where hosts are kept across runs and one can be had, else in an idle warm host of this run or a new one.</summary>
    private async Task<int> RunWarmAsync(string requestPath, StepExecution execution, CancellationToken cancellationToken)
    {
        if (_lifetime.KeepAcrossRuns && await KeptHostAsync(execution.Layout, cancellationToken).ConfigureAwait(false) is { } kept)
        {
            return await _kept.RunAsync(kept, requestPath, execution.Log, cancellationToken).ConfigureAwait(false);
        }

        var host = _warm.TakeIdle();
        if (host is null)
        {
            host = await WarmTaskHost.StartAsync(_host, execution.Layout.Root, HostEnvironment(execution.Layout), execution.Layout.ProcessesFolder, _launch, cancellationToken).ConfigureAwait(false);
            _warm.Add(host);
        }

        return await _warm.RunAsync(host, requestPath, execution.Log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An idle kept host this run holds, or one more claimed; null where hosts cannot be kept (no safe folder, every slot taken).</summary>
    private async Task<KeptTaskHost?> KeptHostAsync(WorkspaceLayout layout, CancellationToken cancellationToken)
    {
        if (_kept.TakeIdle() is { } idle)
        {
            return idle;
        }

        if (_keptFolder.Value is not { } folder)
        {
            return null;
        }

        var additions = HostEnvironment(layout);
        var key = KeptHostKey.Of(layout.Root, _host, KeptHostKey.EnvironmentWith(additions));
        var kept = await KeptTaskHost.ClaimAsync(folder, key, _host, layout.Root, additions, _lifetime.Idle, cancellationToken).ConfigureAwait(false);
        if (kept is not null)
        {
            _kept.Add(kept);
        }

        return kept;
    }

    private Task<TaskProjectBuild> ProjectAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _project ??= new TaskProjectBuilder(new WorkspaceLayout(_pipeline.WorkspaceRoot), _host, _progress, _launch)
                .BuildAsync(_pipeline.TasksProject!, cancellationToken);
        }
    }

    private static (string? Status, string? Error, string? Detail) ReadResult(string path)
    {
        if (!File.Exists(path))
        {
            return (null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            return (
                root.GetProperty("status").GetString(),
                root.TryGetProperty("error", out var error) ? error.GetString() : null,
                root.TryGetProperty("detail", out var detail) ? detail.GetString() : null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or IOException)
        {
            return (null, null, null);
        }
    }
}
