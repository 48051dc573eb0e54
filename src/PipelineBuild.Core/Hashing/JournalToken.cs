using System.Globalization;
using System.Text;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// Where the change journal stood when the stat cache beside it was last made good for <see cref="Roots"/>: the
/// journal's instance and sequence, and which stat cache file it belongs to (<see cref="FileStat.IdentityOf"/>). A
/// token read for any other stat cache file — saved since by a run without the journal, or by another tool — is
/// worthless, and so is a damaged one. Text, one field a line: a header, the instance, the sequence, the stat cache's
/// inode, size and mtime, the count of roots, the roots.
/// </summary>
internal sealed record JournalToken(Guid Instance, long Sequence, IReadOnlyList<string> Roots)
{
    private const string Header = "pipelinebuild-fs-journal-token 1";

    public static string PathBeside(string statCacheFile) => statCacheFile + ".journal";

    /// <summary>The token saved for the stat cache file <paramref name="statCache"/> was loaded from, or null.</summary>
    public static JournalToken? Load(string path, FileStat? statCache)
    {
        if (statCache is not { } identity || RegularFile.TryReadAllBytes(path, 1 << 20) is not { } bytes)
        {
            return null;
        }

        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        if (lines.Length < 6 || lines[0] != Header
            || !Guid.TryParseExact(lines[1], "N", out var instance)
            || !long.TryParse(lines[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || lines[3] != IdentityText(identity)
            || !int.TryParse(lines[4], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || lines.Length != 6 + count || lines[^1].Length != 0)
        {
            return null;
        }

        var roots = lines[5..^1];
        return roots.All(UnchangedPaths.CanBeRoot) ? new JournalToken(instance, sequence, roots) : null;
    }

    public void Save(string path, FileStat statCache)
    {
        var text = new StringBuilder()
            .Append(Header).Append('\n')
            .Append(Instance.ToString("N")).Append('\n')
            .Append(Sequence.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(IdentityText(statCache)).Append('\n')
            .Append(Roots.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var root in Roots)
        {
            text.Append(root).Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    private static string IdentityText(FileStat identity) =>
        string.Create(CultureInfo.InvariantCulture, $"{identity.Inode} {identity.Size} {identity.ModifiedNanoseconds}");
}
