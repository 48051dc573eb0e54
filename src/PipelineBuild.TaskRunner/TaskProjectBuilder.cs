using System.Diagnostics;
using System.Text.Json;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution.Processes;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.TaskRunner;

/// <summary>
/// Builds a task project with <c>dotnet build</c> when (and only when) its sources' hash has no build
/// yet, then asks the task host which tasks it defines. Deterministic flags and a path map make the
/// output the same bytes on every machine, so its hash can enter fingerprints.
/// </summary>
public sealed class TaskProjectBuilder
{
    private readonly WorkspaceLayout _layout;
    private readonly DotNetHost _host;
    private readonly Action<string> _progress;
    private readonly ProcessLaunch _launch;

    public TaskProjectBuilder(WorkspaceLayout layout, DotNetHost host, Action<string> progress, ProcessLaunch launch = ProcessLaunch.Spawn)
    {
        _layout = layout;
        _host = host;
        _progress = progress;
        _launch = launch;
    }

    public string TasksFolder => Path.Combine(_layout.StateFolder, "tasks");

    /// <summary>The folder a build of these sources lives in (whether or not it exists yet).</summary>
    public string FolderFor(string projectPath)
    {
        var sources = TaskProjectSources.Hash(_layout.Root, _layout.FullPath(projectPath));
        return Path.Combine(TasksFolder, $"{Path.GetFileNameWithoutExtension(projectPath)}-{sources.Hex[..16]}");
    }

    /// <summary>The existing build of the current sources, if any (status, --dry-run: nothing is built).</summary>
    public TaskProjectBuild? Find(string projectPath) =>
        File.Exists(_layout.FullPath(projectPath)) ? TaskProjectBuild.TryRead(FolderFor(projectPath)) : null;

    public async Task<TaskProjectBuild> BuildAsync(string projectPath, CancellationToken cancellationToken)
    {
        var projectFile = _layout.FullPath(projectPath);
        if (!File.Exists(projectFile))
        {
            throw new PipelineException(
                TaskErrorCodes.ProjectMissing,
                $"{projectPath}: error {TaskErrorCodes.ProjectMissing}: the task project named by 'tasks:' does not exist; fix the path (it is relative to the workspace) or create it with 'dotnet new classlib'");
        }

        var folder = FolderFor(projectPath);
        if (TaskProjectBuild.TryRead(folder) is { } existing)
        {
            return existing;
        }

        Directory.CreateDirectory(TasksFolder);
        using var buildLock = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
        if (TaskProjectBuild.TryRead(folder) is { } builtMeanwhile)
        {
            return builtMeanwhile;
        }

        var clock = Stopwatch.StartNew();
        _progress($"tasks: building {projectPath} (its sources changed)");
        var staging = Path.Combine(TasksFolder, $"tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var assembly = await CompileAsync(projectPath, projectFile, staging, cancellationToken).ConfigureAwait(false);
            var tasks = await ListTasksAsync(projectPath, assembly, staging, cancellationToken).ConfigureAwait(false);
            var build = new TaskProjectBuild(staging, assembly, OutputHash(Path.Combine(staging, "bin")), tasks);
            build.WriteMarker();
            Directory.Move(staging, folder);
            RemoveOlderBuilds(projectPath, folder);
            _progress($"tasks: built {projectPath} in {clock.Elapsed.TotalSeconds:0.0}s: {(tasks.Count == 0 ? "no tasks" : string.Join(", ", tasks))}");
            return TaskProjectBuild.TryRead(folder) ?? throw new IOException($"{folder}: the build vanished");
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private async Task<string> CompileAsync(string projectPath, string projectFile, string staging, CancellationToken cancellationToken)
    {
        var bin = Path.Combine(staging, "bin");
        var logPath = Path.Combine(_layout.LogsFolder, "tasks", $"{Path.GetFileNameWithoutExtension(projectPath)}.build.log");
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var lines = new List<string>();
        string[] arguments =
        [
            "build", projectFile, "-c", "Release", "-o", bin, "--nologo", "-v", "q", "-clp:NoSummary", "-nodeReuse:false",
            "-p:CopyLocalLockFileAssemblies=true", "-p:Deterministic=true", "-p:GenerateDocumentationFile=false", "-p:NuGetAudit=false",
            $"-p:PathMap={Path.TrimEndingDirectorySeparator(_layout.Root)}=/_/",
        ];
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
        int exitCode;
        try
        {
            exitCode = await ProcessRunner.RunAsync(new ProcessSpec(_host.DotNet, arguments, _layout.Root, env) { Launch = _launch }, (line, _) =>
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw HostUnavailable(e.Message);
        }
        finally
        {
            await File.WriteAllLinesAsync(logPath, lines, CancellationToken.None).ConfigureAwait(false);
        }

        if (exitCode != 0)
        {
            var errors = BuildErrors.Extract(lines, Environment.CurrentDirectory);
            throw new PipelineException(
                TaskErrorCodes.BuildFailed,
                $"{projectPath}: error {TaskErrorCodes.BuildFailed}: the task project does not build; fix the errors below and run again (build log: {logPath})"
                + Environment.NewLine + string.Join(Environment.NewLine, errors),
                ExitCodes.StepFailed);
        }

        var assembly = Path.Combine(bin, TaskProjectSources.AssemblyName(projectFile) + ".dll");
        return File.Exists(assembly)
            ? assembly
            : throw new PipelineException(TaskErrorCodes.LoadFailed, $"{projectPath}: error {TaskErrorCodes.LoadFailed}: the build wrote no {Path.GetFileName(assembly)}; a task project must be a class library (or set <AssemblyName>)");
    }

    private async Task<IReadOnlyList<string>> ListTasksAsync(string projectPath, string assembly, string staging, CancellationToken cancellationToken)
    {
        var listing = Path.Combine(staging, "tasks.json");
        var output = new List<string>();
        try
        {
            await ProcessRunner.RunAsync(
                new ProcessSpec(_host.DotNet, [_host.TaskHostPath, "list", assembly, listing], _layout.Root, new Dictionary<string, string>()) { Launch = _launch },
                (line, _) => output.Add(line),
                cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw HostUnavailable(e.Message);
        }

        if (!File.Exists(listing))
        {
            throw HostUnavailable($"the task host {_host.TaskHostPath} gave no answer: {string.Join(" ", output.TakeLast(5))}");
        }

        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(listing, cancellationToken).ConfigureAwait(false));
        if (document.RootElement.TryGetProperty("error", out var error))
        {
            throw new PipelineException(TaskErrorCodes.LoadFailed, $"{projectPath}: error {TaskErrorCodes.LoadFailed}: {error.GetString()}");
        }

        return [.. document.RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];
    }

    private PipelineException HostUnavailable(string detail) =>
        new(TaskErrorCodes.HostUnavailable,
            $"{_host.DotNet}: error {TaskErrorCodes.HostUnavailable}: cannot run .NET tasks ({detail}); install the .NET 10 SDK and make sure 'dotnet' is on PATH",
            ExitCodes.ServiceUnavailable);

    /// <summary>The build output, file by file (paths relative to it), as one digest.</summary>
    public static string OutputHash(string bin)
    {
        using var builder = new FingerprintBuilder(1);
        foreach (var file in Directory.EnumerateFiles(bin, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(bin, f).Replace('\\', '/')).Order(StringComparer.Ordinal))
        {
            builder.Add("file", file).Add("digest", FileHasher.Hash(Path.Combine(bin, file)));
        }

        return builder.BuildDigest().Hex;
    }

    private async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(TasksFolder, "build.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Another run builds a task project of this workspace; its result may be ours.
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void RemoveOlderBuilds(string projectPath, string current)
    {
        var prefix = Path.GetFileNameWithoutExtension(projectPath) + "-";
        foreach (var folder in Directory.EnumerateDirectories(TasksFolder, prefix + "*"))
        {
            if (!string.Equals(folder, current, StringComparison.Ordinal) && Path.GetFileName(folder).Length == prefix.Length + 16)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another run may be using it; the next build cleans up.
                }
            }
        }
    }
}
