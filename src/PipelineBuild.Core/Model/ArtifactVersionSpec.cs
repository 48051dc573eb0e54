using System.Globalization;
using NuGet.Versioning;

namespace PipelineBuild.Core.Model;

/// <summary>
/// An artifact's <c>version:</c>: a pattern <c>MAJOR.MINOR.x</c> (x = the next free patch), or an
/// exact SemVer 2.0 version. Parsed with NuGet.Versioning, so versions order as NuGet orders them.
/// </summary>
public sealed class ArtifactVersionSpec
{
    private ArtifactVersionSpec(string text, NuGetVersion? exact, int major, int minor)
    {
        Text = text;
        Exact = exact;
        Major = major;
        Minor = minor;
    }

    public string Text { get; }

    /// <summary>The version when the spec is exact; null for a pattern.</summary>
    public NuGetVersion? Exact { get; }

    public int Major { get; }

    public int Minor { get; }

    public static bool TryParse(string text, out ArtifactVersionSpec? spec)
    {
        spec = null;
        var parts = text.Split('.');
        if (parts.Length == 3 && parts[2] == "x"
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            spec = new ArtifactVersionSpec(text, null, major, minor);
            return true;
        }

        if (NuGetVersion.TryParseStrict(text, out var exact))
        {
            spec = new ArtifactVersionSpec(text, exact, exact.Major, exact.Minor);
            return true;
        }

        return false;
    }

    public static ArtifactVersionSpec Parse(string text) =>
        TryParse(text, out var spec) ? spec! : throw new FormatException($"'{text}' is not an artifact version (1.0.x or a SemVer 2.0 version).");

    /// <summary>The version a new publication gets, given those that exist.</summary>
    public NuGetVersion Next(IEnumerable<NuGetVersion> existing)
    {
        if (Exact is not null)
        {
            return Exact;
        }

        var patches = existing.Where(v => v.Major == Major && v.Minor == Minor && !v.IsPrerelease).Select(v => v.Patch).ToList();
        return new NuGetVersion(Major, Minor, patches.Count == 0 ? 0 : patches.Max() + 1);
    }

    public override string ToString() => Text;
}
