using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Pictures;

/// <summary>
/// The bytes of a file a step wrote in a given run, as the cache kept them: the step's fingerprint
/// (runs.db) names its action entry, whose output digest names the object, checked against its digest
/// on read. Without a run: the file in the workspace. Null when it is gone or too large to draw.
/// </summary>
internal sealed class RunFiles
{
    public const int MaxBytes = 16 * 1024 * 1024;

    private readonly WorkspaceLayout _layout;
    private readonly ActionCache _actions;

    public RunFiles(WorkspaceLayout layout)
    {
        _layout = layout;
        _actions = new ActionCache(layout.ActionFolder, _ => { });
    }

    public byte[]? Read(RunRecord? run, string? stepId, string path)
    {
        if (run is null)
        {
            return ReadWorkspace(path);
        }

        var fingerprints = run.Steps
            .Where(s => (stepId is null || string.Equals(s.Id, stepId, StringComparison.Ordinal)) && s.Fingerprint is not null)
            .Select(s => s.Fingerprint!);
        foreach (var fingerprint in fingerprints)
        {
            if (!ContentDigest.TryParse(fingerprint, out var key) || _actions.TryGet(new ActionKey(key)) is not { } entry)
            {
                continue;
            }

            var output = entry.Outputs.FirstOrDefault(o => !o.IsFolder && string.Equals(o.Path, path, StringComparison.Ordinal));
            if (output is not null)
            {
                return ReadObject(output.Digest);
            }
        }

        return null;
    }

    private byte[]? ReadObject(ContentDigest digest)
    {
        var bytes = ReadLimited(Path.Combine(_layout.ContentFolder, digest.Hex[..2], digest.Hex));
        return bytes is not null && ContentDigest.Of(bytes) == digest ? bytes : null;
    }

    /// <summary>A workspace file, only when it and every folder between it and the root are real (no symlink followed).</summary>
    private byte[]? ReadWorkspace(string path)
    {
        var current = Path.GetFullPath(_layout.Root);
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return null;
            }

            current = Path.Combine(current, segment);
            if (new FileInfo(current).LinkTarget is not null)
            {
                return null;
            }
        }

        return ReadLimited(current);
    }

    private static byte[]? ReadLimited(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length <= MaxBytes ? File.ReadAllBytes(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
