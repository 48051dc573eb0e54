using System.Collections.Concurrent;
using System.Text;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// Loads and saves a <see cref="StatCache"/> in a compact binary file. A damaged or foreign file
/// is ignored (everything is hashed again): the stat cache is only a shortcut.
/// </summary>
public static class StatCacheFile
{
    private const int Magic = 0x31435350; // "PSC1"

    public static StatCache Load(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadInt32() != Magic)
            {
                return new StatCache();
            }

            var count = reader.ReadInt32();
            var entries = new ConcurrentDictionary<string, StatCacheEntry>(Environment.ProcessorCount, count, StringComparer.Ordinal);
            Span<byte> digest = stackalloc byte[32];
            for (var i = 0; i < count; i++)
            {
                var relativePath = reader.ReadString();
                var stat = new FileStat(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadUInt64());
                reader.BaseStream.ReadExactly(digest);
                entries[relativePath] = new StatCacheEntry(stat, ContentDigest.FromHash(digest));
            }

            return new StatCache(entries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or FormatException)
        {
            return new StatCache();
        }
    }

    public static void Save(StatCache cache, string path)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            var entries = cache.DurableEntries.ToArray();
            Span<byte> digest = stackalloc byte[ContentDigest.ByteLength];
            writer.Write(Magic);
            writer.Write(entries.Length);
            foreach (var (relativePath, entry) in entries)
            {
                writer.Write(relativePath);
                writer.Write(entry.Stat.Size);
                writer.Write(entry.Stat.ModifiedNanoseconds);
                writer.Write(entry.Stat.ChangedNanoseconds);
                writer.Write(entry.Stat.Inode);
                entry.Digest.CopyTo(digest);
                writer.Write(digest);
            }
        });
    }
}
