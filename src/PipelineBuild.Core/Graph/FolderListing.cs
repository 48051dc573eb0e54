using System.IO.Enumeration;

namespace PipelineBuild.Core.Graph;

/// <summary>
/// The names in one folder that exist and are not symlinks, read with one directory scan instead of one
/// <c>lstat</c> per path. Only a listed name is an answer: any other name must be checked on disk.
/// </summary>
internal sealed class FolderListing : IDisposable
{
    // The folder is scanned once it was asked about FirstScanAt times, reading at most NamesPerQuestion
    // names per question asked so far; a scan that stopped early goes on from where it stopped, after Growth
    // times more questions. So a huge folder of which the pipeline names a few files costs about what lstat
    // would, and a folder of which it names many is read once.
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
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>The scan that stopped early, kept open to go on; null before the first scan and after the last.</summary>
    private IEnumerator<string>? _scan;
    private int _questions;
    private int _nextScanAt = FirstScanAt;

    public FolderListing(string path)
    {
        _path = path;
        _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>True when <paramref name="name"/> exists in the folder and is not a symlink; false when unknown.</summary>
    public bool HasPlainEntry(ReadOnlySpan<char> name)
    {
        if (++_questions >= _nextScanAt)
        {
            Scan(_questions * NamesPerQuestion);
        }

        return _lookup.Contains(name);
    }

    public void Dispose() => EndScan();

    private void Scan(int limit)
    {
        try
        {
            _scan ??= new FileSystemEnumerable<string>(_path, static (ref FileSystemEntry entry) => entry.FileName.ToString(), Options).GetEnumerator();
            while (_names.Count < limit)
            {
                if (!_scan.MoveNext())
                {
                    EndScan();
                    return;
                }

                _names.Add(_scan.Current);
            }

            _nextScanAt = _questions * Growth;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _names.Clear();
            EndScan();
        }
    }

    private void EndScan()
    {
        _scan?.Dispose();
        _scan = null;
        _nextScanAt = int.MaxValue;
    }
}
