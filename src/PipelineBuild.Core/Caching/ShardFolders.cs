using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching;

/// <summary>
/// The shard folders of a cache root (<c>cas/ab/</c>, <c>ac/ab/</c>): made only when missing, after one <c>lstat</c>,
/// instead of a <c>mkdir</c> that fails (and a <c>stat</c>) for every object written. The <c>lstat</c> is kept per
/// object rather than remembered: a shard replaced by a link (or a file) must never be written through, so
/// anything but a folder in a shard's place is removed and the folder made again.
/// </summary>
internal static class ShardFolders
{
    public static void Ensure(string shard)
    {
        switch (FileKinds.Of(shard))
        {
            case FileKind.Directory:
                return;
            case FileKind.Missing:
                break;
            default:
                FileKinds.Remove(shard);
                break;
        }

        Directory.CreateDirectory(shard);
    }
}
