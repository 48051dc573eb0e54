namespace PipelineBuild.Core.Model;

/// <summary>
/// The secrets a step uses (environment variables named by the pipeline's <c>secrets:</c> or <c>run --secret</c>),
/// with their values. They enter the step's fingerprint by name only: <see cref="Redact"/> turns any value
/// back into <c>${{ env.NAME }}</c>, so a lock file never carries a hash of a secret and rotating one
/// reruns nothing. <see cref="ToString"/> shows names, never values.
/// </summary>
public sealed class SecretSet
{
    private readonly KeyValuePair<string, string>[] _secrets;

    public SecretSet(IEnumerable<KeyValuePair<string, string>> secrets)
    {
        _secrets = secrets
            .DistinctBy(s => s.Key, StringComparer.Ordinal)
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToArray();
        Names = _secrets.Select(s => s.Key).ToArray();
    }

    public static SecretSet Empty { get; } = new([]);

    /// <summary>The secrets' names, in ordinal order.</summary>
    public IReadOnlyList<string> Names { get; }

    public string? ValueOf(string name) =>
        _secrets.FirstOrDefault(s => string.Equals(s.Key, name, StringComparison.Ordinal)).Value;

    /// <summary>The text with every secret's value replaced by <c>${{ env.NAME }}</c> (longest values first).</summary>
    public string Redact(string text)
    {
        foreach (var (name, value) in _secrets.Where(s => s.Value.Length > 0).OrderByDescending(s => s.Value.Length))
        {
            text = text.Replace(value, "${{ env." + name + " }}", StringComparison.Ordinal);
        }

        return text;
    }

    public override string ToString() => string.Join(", ", Names);
}
