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
    public const int FormatVersion = 1;

    /// <summary>The part of the fingerprint that the step's YAML alone decides ("command changed").</summary>
    public static ContentDigest Definition(StepDefinition step)
    {
        // Secrets by name only: a value that reached the command, 'with' or 'env' is written back as ${{ env.NAME }}.
        var secrets = step.Secrets;
        var redact = secrets.Names.Count == 0 ? static (string? text) => text : (Func<string?, string?>)(text => text is null ? null : secrets.Redact(text));
        using var builder = new FingerprintBuilder(FormatVersion);
        builder.Add("kind", step.Kind.ToString())
            .Add("shell", step.Shell)
            .Add("command", redact(step.Command))
            .Add("task", step.Task)
            .Add("with", redact(step.With.ToCanonicalString()))
            .Add("image", step.Image);
        if (step.Notebook is not null)
        {
            // Only for notebook steps, so that the fingerprints of every other step keep their format.
            builder.Add("notebook", step.Notebook).Add("kernel", step.Kernel).Add("export", step.Export);
        }

        if (step.Env.Count > 0)
        {
            foreach (var (name, value) in step.Env.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                builder.Add("env", name).Add("=", redact(value));
            }
        }

        foreach (var name in secrets.Names)
        {
            builder.Add("secret", name);
        }

        foreach (var exclusion in step.InputExclusions)
        {
            builder.Add("input-exclusion", exclusion);
        }

        foreach (var output in step.Outputs.Count > 1 ? step.Outputs.OrderBy(o => o.Path, StringComparer.Ordinal) : (IEnumerable<OutputSpec>)step.Outputs)
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

        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            builder.Add("param", name).Add("=", value);
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
