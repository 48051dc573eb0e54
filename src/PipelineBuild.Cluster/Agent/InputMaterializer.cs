using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cluster.Agent;

/// <summary>
/// Writes a job's inputs under the workspace from the remote cache: each blob downloaded once into the agent's staging
/// folder while its SHA-256 is checked, then moved (or copied, for a second path with the same content) to a path the
/// workspace's <see cref="PathConfinement"/> resolved just before, so no symlink in the image can lead a write outside.
/// </summary>
public sealed class InputMaterializer
{
    private const UnixFileMode Plain = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Executable = Plain | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly RemoteCacheSession _remote;
    private readonly WorkspaceLayout _layout;
    private readonly PathConfinement _workspace;

    public InputMaterializer(RemoteCacheSession remote, WorkspaceLayout layout)
    {
        _remote = remote;
        _layout = layout;
        _workspace = new PathConfinement(layout.Root);
    }

    /// <summary>Writes every input; returns the bytes downloaded.</summary>
    public async Task<long> WriteAsync(IReadOnlyList<ClusterJobInput> inputs, CancellationToken cancellationToken)
    {
        // Every path is resolved before anything is downloaded: a refused path leaves the workspace untouched.
        foreach (var input in inputs)
        {
            Resolve(input.Path);
        }

        Directory.CreateDirectory(_layout.TempFolder);
        long bytes = 0;
        var byContent = inputs.GroupBy(i => ContentDigest.Parse(i.Sha256)).ToList();
        await Parallel.ForEachAsync(
            byContent,
            new ParallelOptions { MaxDegreeOfParallelism = _remote.Options.Parallelism, CancellationToken = cancellationToken },
            async (group, token) =>
            {
                var length = await WriteAsync(group.Key, [.. group], token).ConfigureAwait(false);
                Interlocked.Add(ref bytes, length);
            }).ConfigureAwait(false);
        return bytes;
    }

    private async Task<long> WriteAsync(ContentDigest digest, IReadOnlyList<ClusterJobInput> files, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(_layout.TempFolder, "input-" + Guid.NewGuid().ToString("N"));
        try
        {
            var length = await DownloadAsync(digest, temp, cancellationToken).ConfigureAwait(false);
            foreach (var file in files.Where(f => f.Size != length))
            {
                throw new AgentException(ClusterCodes.InputUnavailable, $"the input '{file.Path}' should have {file.Size} bytes, its blob cas/{digest.Hex} has {length}", AgentExitCodes.Refused);
            }

            for (var i = 0; i < files.Count; i++)
            {
                var target = Resolve(files[i].Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                if (i == files.Count - 1)
                {
                    File.Move(temp, target, overwrite: true);
                }
                else
                {
                    File.Copy(temp, target, overwrite: true);
                }

                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(target, files[i].Executable ? Executable : Plain);
                }
            }

            return length;
        }
        finally
        {
            AtomicFile.TryDelete(temp);
        }
    }

    private async Task<long> DownloadAsync(ContentDigest digest, string temp, CancellationToken cancellationToken)
    {
        var key = RemoteObjectKey.Blob(digest);
        var (ok, length) = await _remote.TryAsync(
            async token =>
            {
                var stream = await _remote.Store.OpenReadAsync(key, token).ConfigureAwait(false)
                    ?? throw new AgentException(ClusterCodes.InputUnavailable, $"the input blob {key} is not in the remote cache {_remote.Store.DisplayUrl}", AgentExitCodes.Refused);
                await using (stream.ConfigureAwait(false))
                {
                    return await VerifiedDownload.TryWriteAsync(stream, digest, temp, token).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
        if (!ok)
        {
            throw RemoteObjects.Unavailable(_remote);
        }

        return length ?? throw new AgentException(ClusterCodes.InputUnavailable, $"the input blob {key} does not hash to its name; refusing it", AgentExitCodes.Refused);
    }

    private string Resolve(string path) =>
        _workspace.TryResolve(path, out var resolved, out var problem)
            ? resolved.FullPath
            : throw new AgentException(ClusterCodes.UnsafePath, $"the input path '{path}' {problem}; refusing the job", AgentExitCodes.Refused);
}
