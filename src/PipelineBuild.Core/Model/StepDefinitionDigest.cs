using System.Runtime.CompilerServices;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Model;

/// <summary>
/// The part of a step's fingerprint that its YAML alone decides ("command changed"): kind, shell, command or
/// task and <c>with</c>, image name, notebook, env (secrets by name), input exclusions and outputs. A step read
/// from the definition cache carries the digest that was computed when its file was loaded, so a no-op does
/// not hash every step's definition again; any other step, including one derived with <c>with { }</c>, is
/// computed (the remembered digests are keyed by the step object, not by its value).
/// </summary>
public static class StepDefinitionDigest
{
    /// <summary>The fingerprints' format version (docs/reference/files-on-disk.md, "Fingerprints").</summary>
    public const int FormatVersion = 1;

    private static readonly ConditionalWeakTable<StepDefinition, StrongBox<ContentDigest>> Remembered = new();

    public static ContentDigest Of(StepDefinition step) =>
        Remembered.TryGetValue(step, out var remembered) ? remembered.Value : Compute(step);

    /// <summary>Computes the digest from the step as it is now.</summary>
    public static ContentDigest Compute(StepDefinition step)
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

    /// <summary>Gives <paramref name="step"/> the digest computed when its definition was loaded from its file.</summary>
    internal static void Remember(StepDefinition step, ContentDigest digest) => Remembered.AddOrUpdate(step, new StrongBox<ContentDigest>(digest));
}
