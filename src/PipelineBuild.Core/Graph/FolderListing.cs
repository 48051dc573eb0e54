using System.IO.Enumeration;

namespace PipelineBuild.Core.Graph;

/// <summary>
/// The names in one folder that exist and are not symlinks, read with one directory scan instead of one
/// <c>lstat</c> per path. Only a listed name is an answer: any other name must be checked on disk.
/// </summary>
internal sealed class FolderListing
{
    // The folder is scanned once it was asked about FirstScanAt times, reading at most NamesPerQuestion
    // names per question asked so far; a scan that stopped early is redone, larger, after Growth times more
    // questions. So a huge folder of which the pipeline names a few files costs about what lstat would.
    private const int FirstScanAt = 8;
    private const int NamesPerQuestion = 64;
    private const int Growth = 8;

    private static readonly EnumerationOptions Options = new()
    {
        // Skipping links costs no stat: the directory entry's type tells.
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = true,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    private readonly string _path;
    private HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? _names;
    private int _questions;
    private int _nextScanAt = FirstScanAt;

    public FolderListing(string path)
    {
        _path = path;
    }

    /// <summary>True when <paramref name="name"/> exists in the folder and is not a symlink; false when unknown.</summary>
    public bool HasPlainEntry(ReadOnlySpan<char> name)
    {
        if (++_questions >= _nextScanAt)
        {
            Scan(_questions * NamesPerQuestion);
        }

        return _names is { } names && names.Contains(name);
    }

    private void Scan(int limit)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var entries = new FileSystemEnumerable<string>(_path, static (ref FileSystemEntry entry) => entry.FileName.ToString(), Options);
            foreach (var name in entries)
            {
                if (names.Count == limit)
                {
                    _nextScanAt = _questions * Growth;
                    break;
                }

                names.Add(name);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            names.Clear();
        }

        if (names.Count < limit)
        {
            _nextScanAt = int.MaxValue;
        }

        _names = names.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
