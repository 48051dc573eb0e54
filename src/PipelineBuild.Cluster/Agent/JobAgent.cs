using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;
using PipelineBuild.RemoteCache;

namespace PipelineBuild.Cluster.Agent;

/// <summary>
/// The agent's whole job (docs/cluster.md, "How a step runs on a cluster"): read the spec named by
/// <see cref="ClusterEnvironment.Job"/> from the remote cache, write the inputs under the workspace, run the command,
/// and on exit 0 upload the outputs and the action entry. Returns the command's exit code, or one of
/// <see cref="AgentExitCodes"/> with a <c>pipelinebuild-agent: PBnnnn …</c> line.
/// </summary>
public sealed class JobAgent
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly WorkspaceLayout _layout;
    private readonly AgentLog _log;

    /// <param name="environment">The container's environment.</param>
    /// <param name="workspace">Where the job runs: <see cref="AgentPaths.Workspace"/> in a container.</param>
    /// <param name="log">Where the agent's own lines go (stderr).</param>
    public JobAgent(IReadOnlyDictionary<string, string> environment, string workspace, AgentLog log)
    {
        _environment = environment;
        _layout = new WorkspaceLayout(workspace);
        _log = log;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RunJobAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AgentException e)
        {
            _log.Write(e.Line[AgentLog.Prefix.Length..]);
            return e.ExitCode;
        }
    }

    private async Task<int> RunJobAsync(CancellationToken cancellationToken)
    {
        if (!ContentDigest.TryParse(_environment.GetValueOrDefault(ClusterEnvironment.Job), out var digest))
        {
            throw new AgentException(ClusterCodes.BadJobEnvironment, $"{ClusterEnvironment.Job} must be the SHA-256 of the job's spec; the executor starts the agent with it", AgentExitCodes.Refused);
        }

        var (environment, secrets) = JobSecretsFile.Apply(_environment);
        var remote = OpenRemote(environment);
        try
        {
            return await RunJobAsync(remote, digest, secrets, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            remote.Store.Dispose();
        }
    }

    private async Task<int> RunJobAsync(RemoteCacheSession remote, ContentDigest digest, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        var job = await JobSpecReader.ReadAsync(remote, digest, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(_layout.Root);
        var downloaded = await new InputMaterializer(remote, _layout).WriteAsync(job.Inputs, cancellationToken).ConfigureAwait(false);
        _log.Write($"step '{job.Step}': {job.Inputs.Count} input file(s), {downloaded} byte(s) from {remote.Store.DisplayUrl}");
        var workingDirectory = WorkingDirectoryOf(job);
        Directory.CreateDirectory(workingDirectory);
        var exitCode = await JobCommand.RunAsync(job, workingDirectory, secrets, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            return exitCode;
        }

        var entry = await new OutputPublisher(remote, _layout).PublishAsync(job, cancellationToken).ConfigureAwait(false);
        _log.Write($"step '{job.Step}': {entry.Outputs.Count} output(s) uploaded, entry ac/{job.Key}");
        return 0;
    }

    private string WorkingDirectoryOf(ClusterJob job)
    {
        if (job.WorkingDirectory == ".")
        {
            return _layout.Root;
        }

        return new PathConfinement(_layout.Root).TryResolve(job.WorkingDirectory, out var folder, out var problem)
            ? folder.FullPath
            : throw new AgentException(ClusterCodes.UnsafePath, $"the working directory '{job.WorkingDirectory}' {problem}", AgentExitCodes.Refused);
    }

    private RemoteCacheSession OpenRemote(IReadOnlyDictionary<string, string> environment)
    {
        if (environment.GetValueOrDefault(ClusterEnvironment.CacheUrl) is not { Length: > 0 } url)
        {
            throw new AgentException(ClusterCodes.BadJobEnvironment, $"{ClusterEnvironment.CacheUrl} is not set; the executor passes the remote cache's URL as the cluster sees it", AgentExitCodes.Refused);
        }

        IRemoteStore store;
        try
        {
            store = RemoteStoreFactory.Create(url, environment);
        }
        catch (Core.Diagnostics.PipelineException e)
        {
            throw new AgentException(ClusterCodes.BadJobEnvironment, e.Message, AgentExitCodes.Refused);
        }

        var options = new RemoteCacheOptions(store, RemoteCacheMode.ReadWrite, Required: true, EntrySigner.FromEnvironment(environment));
        return new RemoteCacheSession(options, message => _log.Write(message));
    }
}
