using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Planning;

/// <summary>
/// docs/reference/files-on-disk.md, "Fingerprints": SHA-256 over framed fields in a fixed order — format version, the definition
/// digest, image content id, task assembly hash, a notebook's kernel (name and interpreter version), param values, and every input:
/// a folder or a glob by its key and its tree listing's digest (which already hashed each file's path and digest), a single file by
/// its path and digest. Nothing machine-specific enters it.
/// </summary>
public static class StepFingerprint
{
    /// <summary>
    /// 2: a folder or glob input framed by its tree listing's digest instead of every file again (docs/decisions.md, "A folder
    /// input fingerprinted by its tree listing"). Apart from <see cref="StepDefinitionDigest.FormatVersion"/>, so that the
    /// definition digests recorded in lock files stay comparable across the change.
    /// </summary>
    public const int FormatVersion = 2;

    /// <summary>The part of the fingerprint that the step's YAML alone decides ("command changed"): <see cref="StepDefinitionDigest"/>.</summary>
    public static ContentDigest Definition(StepDefinition step) => StepDefinitionDigest.Of(step);

    public static ActionKey Compute(
        ContentDigest definition,
        string? imageId,
        string? taskAssemblyHash,
        IReadOnlyDictionary<string, string> parameters,
        IReadOnlyList<ResolvedInput> inputs,
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

        ResolvedInput? previous = null;
        // Loops by index here and below: an interface's enumerator would be an allocation for every step of every run.
        var sorted = Sorted(inputs);
        for (var i = 0; i < sorted.Count; i++)
        {
            var input = sorted[i];
            // The same entry listed twice counts once.
            if (previous is null || Compare(previous, input) != 0)
            {
                Frame(builder, input);
                previous = input;
            }
        }

        return builder.Build();
    }

    private static void Frame(FingerprintBuilder builder, ResolvedInput input)
    {
        if (input.Listing is { } listing && listing.IsUnambiguous)
        {
            builder.Add("tree", input.Key).Add("digest", listing.Digest);
            return;
        }

        // A single file, or a listing whose text could be read two ways (a path with a line break): every file framed.
        builder.Add(input.Listing is null ? "file" : "files", input.Key);
        var files = input.Listing?.Files ?? input.Files;
        for (var i = 0; i < files.Count; i++)
        {
            builder.Add("input", files[i].Path).Add("digest", files[i].Digest);
        }
    }

    /// <summary>By key, then single files before listings, then digest: the order inputs are declared in never matters.</summary>
    private static int Compare(ResolvedInput a, ResolvedInput b)
    {
        var byKey = string.CompareOrdinal(a.Key, b.Key);
        if (byKey != 0)
        {
            return byKey;
        }

        var byKind = (a.Listing is null ? 0 : 1) - (b.Listing is null ? 0 : 1);
        return byKind != 0 ? byKind : string.CompareOrdinal(a.Digest.Hex, b.Digest.Hex);
    }

    private static IReadOnlyList<ResolvedInput> Sorted(IReadOnlyList<ResolvedInput> inputs)
    {
        for (var i = 1; i < inputs.Count; i++)
        {
            if (Compare(inputs[i - 1], inputs[i]) > 0)
            {
                var copy = inputs.ToArray();
                Array.Sort(copy, Compare);
                return copy;
            }
        }

        return inputs;
    }
}
