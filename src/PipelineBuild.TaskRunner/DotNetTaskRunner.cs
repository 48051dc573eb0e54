using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Execution.Processes;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;
using PipelineBuild.TaskRunner.Kept;

namespace PipelineBuild.TaskRunner;

/// <summary>
/// Runs <c>task:</c> steps (<see cref="DotNetTaskSession"/> for one run). A name the project does not define
/// resolves to the built-in tasks that ship with the tool.
/// </summary>
public sealed class DotNetTaskRunner : IStepRunner
{
    private readonly DotNetHost _host;
    private readonly Action<string> _progress;
    private readonly ProcessLaunch _launch;
    private readonly Lazy<string> _builtInHash;
    private readonly TaskHostLifetime _lifetime;

    /// <param name="lifetime">Whether task hosts outlive the run (<c>PIPELINEBUILD_TASK_HOSTS</c>); null: they end with it.</param>
    public DotNetTaskRunner(DotNetHost host, Action<string> progress, ProcessLaunch launch = ProcessLaunch.Spawn, TaskHostLifetime? lifetime = null)
    {
        _lifetime = lifetime ?? TaskHostLifetime.PerRun;
        _host = host;
        _progress = progress;
        _launch = launch;
        _builtInHash = new Lazy<string>(() => "builtin:" + BuiltInHash(host));
    }

    public bool CanRun(StepDefinition step) => step.Kind == StepKind.Task;

    public IStepRunnerSession Begin(PipelineDefinition pipeline) => new DotNetTaskSession(pipeline, _host, _progress, _launch, _builtInHash, _lifetime);

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
        SqlConnectionCheck.Check(taskSteps.Where(s => project?.Defines(s.Task!) != true), diagnostics);
    }

    internal static void CheckNames(PipelineDefinition pipeline, IEnumerable<StepDefinition> taskSteps, TaskProjectBuild? project, DiagnosticBag diagnostics)
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

    internal static string UnknownTaskHint(string name, IReadOnlyCollection<string> known, string? projectPath, TaskProjectBuild? project)
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
