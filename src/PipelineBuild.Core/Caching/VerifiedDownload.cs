using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching;

/// <summary>A download written to a new file and kept only when its SHA-256, computed while it streams in, is the expected one.</summary>
public static class VerifiedDownload
{
    /// <summary>The bytes written; null, and the file removed, when they do not hash to <paramref name="expected"/>. A broken download removes the file too.</summary>
    public static async Task<long?> TryWriteAsync(Stream source, ContentDigest expected, string path, CancellationToken cancellationToken)
    {
        try
        {
            var (digest, length) = await FileHasher.HashToFileAsync(source, path, cancellationToken).ConfigureAwait(false);
            if (digest == expected)
            {
                return length;
            }
        }
        catch
        {
            AtomicFile.TryDelete(path);
            throw;
        }

        AtomicFile.TryDelete(path);
        return null;
    }
}
