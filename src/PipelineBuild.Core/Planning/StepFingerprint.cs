using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Planning;

/// <summary>
/// SPEC §3: SHA-256 over framed fields in a fixed order — format version, kind, command or task and
/// <c>with</c>, env, image content id, task assembly hash, param values, and every input file's
/// workspace-relative path and digest. Nothing machine-specific enters it.
/// </summary>
public static class StepFingerprint
{
    public const int FormatVersion = 1;

    /// <summary>The part of the fingerprint that the step's YAML alone decides ("command changed").</summary>
    public static ContentDigest Definition(StepDefinition step)
    {
        using var builder = new FingerprintBuilder(FormatVersion);
        builder.Add("kind", step.Kind.ToString())
            .Add("shell", step.Shell)
            .Add("command", step.Command)
            .Add("task", step.Task)
            .Add("with", step.With.ToCanonicalString())
            .Add("image", step.Image);
        foreach (var (name, value) in step.Env.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            builder.Add("env", name).Add("=", value);
        }

        foreach (var output in step.Outputs.OrderBy(o => o.Path, StringComparer.Ordinal))
        {
            builder.Add("output", output.ToString());
        }

        return builder.BuildDigest();
    }

    public static ActionKey Compute(
        ContentDigest definition,
        string? imageId,
        string? taskAssemblyHash,
        IReadOnlyDictionary<string, string> parameters,
        IEnumerable<FileDigest> inputFiles)
    {
        using var builder = new FingerprintBuilder(FormatVersion);
        builder.Add("definition", definition)
            .Add("image-id", imageId)
            .Add("task-assembly", taskAssemblyHash);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            builder.Add("param", name).Add("=", value);
        }

        foreach (var file in inputFiles.OrderBy(f => f.Path, StringComparer.Ordinal).DistinctBy(f => f.Path))
        {
            builder.Add("input", file.Path).Add("digest", file.Digest);
        }

        return builder.Build();
    }
}
