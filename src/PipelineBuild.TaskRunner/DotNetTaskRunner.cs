using System.Text.Json;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Execution.Processes;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.TaskRunner;

/// <summary>
/// Runs <c>task:</c> steps. The task project is built at most once per run (only when its sources
/// changed), before any task step is fingerprinted; its build output's hash is the step's task assembly
/// hash. Each step runs in a task host process of its own session, so cancellation stops its whole tree.
/// A name the project does not define resolves to the built-in tasks that ship with the tool.
/// </summary>
public sealed class DotNetTaskRunner : IStepRunner
{
    private readonly DotNetHost _host;
    private readonly Action<string> _progress;
    private readonly ProcessLaunch _launch;
    private readonly Lock _gate = new();
    private readonly Lazy<string> _builtInHash;
    private Task<TaskProjectBuild>? _project;

    public DotNetTaskRunner(DotNetHost host, Action<string> progress, ProcessLaunch launch = ProcessLaunch.Spawn)
    {
        _host = host;
        _progress = progress;
        _launch = launch;
        _builtInHash = new Lazy<string>(() => "builtin:" + BuiltInHash(host));
    }

    public bool CanRun(StepDefinition step) => step.Kind == StepKind.Task;

    /// <summary>
    /// Before a run: builds the task project if a selected step needs it, and checks every task name.
    /// Unknown names are reported together (PB6001, exit 2) before anything runs.
    /// </summary>
    public async Task ValidateAsync(PipelineDefinition pipeline, IEnumerable<StepDefinition> steps, CancellationToken cancellationToken)
    {
        var taskSteps = steps.Where(CanRun).ToList();
        if (taskSteps.Count == 0)
        {
            return;
        }

        var project = pipeline.TasksProject is null ? null : await ProjectAsync(pipeline, cancellationToken).ConfigureAwait(false);
        var diagnostics = new DiagnosticBag();
        CheckNames(pipeline, taskSteps, project, diagnostics);
        diagnostics.ThrowIfErrors();
    }

    /// <summary>
    /// <c>validate</c>: what can be checked without building — the task project exists, and task names
    /// are known when the project's current sources were built already (or there is no project).
    /// </summary>
    public void Check(PipelineDefinition pipeline, IEnumerable<StepDefinition> steps, DiagnosticBag diagnostics)
    {
        var taskSteps = steps.Where(CanRun).ToList();
        if (taskSteps.Count == 0)
        {
            return;
        }

        TaskProjectBuild? project = null;
        if (pipeline.TasksProject is { } projectPath)
        {
            var layout = new WorkspaceLayout(pipeline.WorkspaceRoot);
            if (!File.Exists(layout.FullPath(projectPath)))
            {
                diagnostics.Error(TaskErrorCodes.ProjectMissing, SourceLocation.None(pipeline.FilePath), $"the task project '{projectPath}' named by 'tasks:' does not exist", "fix the path (it is relative to the workspace)");
                return;
            }

            project = new TaskProjectBuilder(layout, _host, _progress, _launch).Find(projectPath);
            if (project is null)
            {
                return;
            }
        }

        CheckNames(pipeline, taskSteps, project, diagnostics);
    }

    private static void CheckNames(PipelineDefinition pipeline, IEnumerable<StepDefinition> taskSteps, TaskProjectBuild? project, DiagnosticBag diagnostics)
    {
        var known = (project?.Tasks ?? []).Concat(BuiltInTaskNames.All).Distinct(StringComparer.Ordinal).ToList();
        foreach (var step in taskSteps.Where(s => project?.Defines(s.Task!) != true && !BuiltInTaskNames.Contains(s.Task!)))
        {
            diagnostics.Error(
                TaskErrorCodes.UnknownTask,
                step.Location,
                $"unknown task '{step.Task}' in step '{step.Id}'",
                UnknownTaskHint(step.Task!, known, pipeline.TasksProject, project));
        }
    }

    async Task<PreparedStep> IStepRunner.PrepareAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken)
    {
        var project = context.Pipeline.TasksProject is null ? null : await ProjectAsync(context.Pipeline, cancellationToken).ConfigureAwait(false);
        if (project?.Defines(step.Task!) == true)
        {
            return new PreparedTask(new StepEnvironment(TaskAssemblyHash: project.AssemblyHash), project.AssemblyPath, context.Pipeline.Params);
        }

        if (!BuiltInTaskNames.Contains(step.Task!))
        {
            throw new PipelineException(TaskErrorCodes.UnknownTask, $"{step.Location}: error {TaskErrorCodes.UnknownTask}: unknown task '{step.Task}' in step '{step.Id}'");
        }

        return new PreparedTask(new StepEnvironment(TaskAssemblyHash: _builtInHash.Value), null, context.Pipeline.Params);
    }

    // Explicit: a change of the interface's signature must not leave this as an unused overload.
    Task<StepEnvironment> IStepRunner.PeekAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken) =>
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

        return new StepEnvironment(TaskAssemblyHash: BuiltInTaskNames.Contains(step.Task!) ? _builtInHash.Value : null);
    }

    public async Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var step = execution.Step;
        var layout = execution.Layout;
        var requests = Path.Combine(layout.StateFolder, "tasks", "requests", execution.RunId);
        var name = string.Concat(step.Id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        var requestPath = Path.Combine(requests, name + ".json");
        var resultPath = Path.Combine(requests, name + ".result.json");
        Directory.CreateDirectory(requests);
        File.Delete(resultPath);
        var prepared = execution.Prepared as PreparedTask
            ?? throw new InvalidOperationException($"The task of step '{step.Id}' was not prepared before it ran.");
        TaskRequestWriter.Write(requestPath, new TaskRequest(step, prepared.AssemblyPath, layout.Root, prepared.Params, resultPath));

        var env = new Dictionary<string, string>(step.Env, StringComparer.Ordinal)
        {
            ["PIPELINEBUILD_CONTENT_STORE"] = layout.ContentFolder,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        int exitCode;
        try
        {
            exitCode = await ProcessRunner.RunAsync(
                new ProcessSpec(_host.DotNet, [_host.TaskHostPath, "run", requestPath], layout.Root, env) { RecordFolder = layout.ProcessesFolder, Launch = _launch },
                execution.Log.Write,
                cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            return new StepExecutionResult(127, $"cannot start the task host with '{_host.DotNet}' ({e.Message}); install the .NET 10 SDK and make sure 'dotnet' is on PATH");
        }

        var (status, error, detail) = ReadResult(resultPath);
        foreach (var line in (detail ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            execution.Log.Note(line.TrimEnd('\r'));
        }

        File.Delete(requestPath);
        File.Delete(resultPath);
        if (!Directory.EnumerateFileSystemEntries(requests).Any())
        {
            Directory.Delete(requests);
        }
        return status switch
        {
            "succeeded" when exitCode == 0 => new StepExecutionResult(0),
            null => new StepExecutionResult(exitCode == 0 ? 1 : exitCode, $"the task host ended with exit code {exitCode} and no result; see the step log"),
            _ => new StepExecutionResult(exitCode == 0 ? 1 : exitCode, error ?? $"task '{step.Task}' {status}"),
        };
    }

    private Task<TaskProjectBuild> ProjectAsync(PipelineDefinition pipeline, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _project ??= new TaskProjectBuilder(new WorkspaceLayout(pipeline.WorkspaceRoot), _host, _progress, _launch)
                .BuildAsync(pipeline.TasksProject!, cancellationToken);
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

    private static string UnknownTaskHint(string name, IReadOnlyCollection<string> known, string? projectPath, TaskProjectBuild? project)
    {
        var near = Core.Diagnostics.Suggestions.Nearest(name, known);
        var mean = near.Count > 0 ? "did you mean " + string.Join(" or ", near.Select(n => $"'{n}'")) + "? " : "";
        var fromProject = project is null ? "" : $"{projectPath} defines {(project.Tasks.Count == 0 ? "no tasks" : string.Join(", ", project.Tasks))}; ";
        var noProject = projectPath is null ? "; to write your own, name a task project with 'tasks:' at the top of the pipeline" : "";
        return $"{mean}known tasks: {fromProject}built in: {string.Join(", ", BuiltInTaskNames.All)}{noProject}";
    }

    /// <summary>The built-in tasks change with the tool: their assemblies (and the SDK's) are their hash.</summary>
    private static string BuiltInHash(DotNetHost host)
    {
        using var builder = new Core.Hashing.FingerprintBuilder(1);
        foreach (var file in new[] { "PipelineBuild.Tasks.dll", "PipelineBuild.Sdk.dll" })
        {
            var path = Path.Combine(host.Folder, file);
            builder.Add("file", file);
            if (File.Exists(path))
            {
                builder.Add("digest", Core.Hashing.FileHasher.Hash(path));
            }
        }

        return builder.BuildDigest().Hex;
    }
}
