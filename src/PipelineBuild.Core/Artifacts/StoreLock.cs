using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Artifacts;

/// <summary>
/// An exclusive lock file (flock on Unix, released by the OS when the process dies) around writes
/// to the artifact store: publishing a version and moving an alias are read-check-write sequences.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);
    private readonly FileStream _stream;

    private StoreLock(FileStream stream)
    {
        _stream = stream;
    }

    public static StoreLock Acquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            try
            {
                return new StoreLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
            catch (IOException e)
            {
                throw new PipelineException(
                    ArtifactCodes.PublishFailed,
                    $"{path}: error {ArtifactCodes.PublishFailed}: the artifact store stayed locked by another process for {Wait.TotalMinutes:0} minutes ({e.Message}); check for a hung dotnet-pipeline process",
                    ExitCodes.StepFailed,
                    e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
