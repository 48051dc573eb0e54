using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Planning;

/// <summary>
/// docs/reference/files-on-disk.md, "Fingerprints": SHA-256 over framed fields in a fixed order — format version, kind, command or task and
/// <c>with</c>, env (secrets by name), image content id, task assembly hash, a notebook's kernel (name and interpreter version), param values, and every input file's
/// workspace-relative path and digest. Nothing machine-specific enters it.
/// </summary>
public static class StepFingerprint
{
    public const int FormatVersion = StepDefinitionDigest.FormatVersion;

    /// <summary>The part of the fingerprint that the step's YAML alone decides ("command changed"): <see cref="StepDefinitionDigest"/>.</summary>
    public static ContentDigest Definition(StepDefinition step) => StepDefinitionDigest.Of(step);

    public static ActionKey Compute(
        ContentDigest definition,
        string? imageId,
        string? taskAssemblyHash,
        IReadOnlyDictionary<string, string> parameters,
        IReadOnlyList<FileDigest> inputFiles,
        string? kernel = null)
    {
        using var builder = new FingerprintBuilder(FormatVersion);
        builder.Add("definition", definition)
            .Add("image-id", imageId)
            .Add("task-assembly", taskAssemblyHash);
        if (kernel is not null)
        {
            builder.Add("kernel", kernel);
        }

        // Most steps read no param: no sort (an iterator and a buffer) for an empty map.
        if (parameters.Count > 0)
        {
            foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                builder.Add("param", name).Add("=", value);
            }
        }

        string? previous = null;
        foreach (var file in Sorted(inputFiles))
        {
            // The same file may be listed twice (a file and its folder): it counts once.
            if (!string.Equals(previous, file.Path, StringComparison.Ordinal))
            {
                builder.Add("input", file.Path).Add("digest", file.Digest);
                previous = file.Path;
            }
        }

        return builder.Build();
    }

    /// <summary>Every input file of a step, in one list (a step with one input: that input's own list).</summary>
    public static IReadOnlyList<FileDigest> FilesOf(IReadOnlyList<ResolvedInput> inputs)
    {
        if (inputs.Count == 1)
        {
            return inputs[0].Files;
        }

        var files = new List<FileDigest>();
        foreach (var input in inputs)
        {
            files.AddRange(input.Files);
        }

        return files;
    }

    private static IReadOnlyList<FileDigest> Sorted(IReadOnlyList<FileDigest> files)
    {
        for (var i = 1; i < files.Count; i++)
        {
            if (string.CompareOrdinal(files[i - 1].Path, files[i].Path) > 0)
            {
                var copy = files.ToArray();
                Array.Sort(copy, (a, b) => string.CompareOrdinal(a.Path, b.Path));
                return copy;
            }
        }

        return files;
    }
}
