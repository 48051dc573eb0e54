using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace PipelineBuild.EndToEnd.Tests.Security;

/// <summary>Reads and tampers with a workspace's local cache the way an attacker with write access to it would.</summary>
internal sealed class CacheStore
{
    private readonly string _root;

    public CacheStore(string workspaceRoot)
    {
        _root = Path.Combine(workspaceRoot, ".pipeline", "cache");
    }

    /// <summary>
    /// The one action entry of a workspace that ran one cached step, as an entry file. A run packs its entries
    /// (<c>ac/packs/*.pack</c>); the packed one is written out as its file, which lookups read before any pack.
    /// </summary>
    public string EntryPath
    {
        get
        {
            var files = Directory.GetFiles(Path.Combine(_root, "ac"), "*.json", SearchOption.AllDirectories);
            return files.Length > 0 ? files.Single() : Unpacked();
        }
    }

    /// <summary>A pack is a header line, then records: JSON length (4 bytes, little-endian), key (32 bytes), JSON, checksum (32 bytes).</summary>
    private string Unpacked()
    {
        var pack = File.ReadAllBytes(Directory.GetFiles(Path.Combine(_root, "ac", "packs"), "*.pack").Single());
        var start = Array.IndexOf(pack, (byte)'\n') + 1;
        var length = BitConverter.ToInt32(pack, start);
        var hex = Convert.ToHexStringLower(pack.AsSpan(start + 4, 32));
        var path = Path.Combine(_root, "ac", hex[..2], hex + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, pack.AsSpan(start + 36, length).ToArray());
        return path;
    }

    public static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public string ObjectPath(string hex) => Path.Combine(_root, "cas", hex[..2], hex);

    /// <summary>Stores <paramref name="text"/> as an object (under its true digest) and returns the digest.</summary>
    public string Put(string text)
    {
        var hex = Hex(text);
        Directory.CreateDirectory(Path.GetDirectoryName(ObjectPath(hex))!);
        File.WriteAllText(ObjectPath(hex), text);
        return hex;
    }

    /// <summary>Rewrites the entry's outputs (key → digest) keeping its schema and fingerprint.</summary>
    public void RewriteOutputs(Dictionary<string, string> outputs)
    {
        var entry = JsonNode.Parse(File.ReadAllText(EntryPath))!.AsObject();
        var map = new JsonObject();
        foreach (var (key, hex) in outputs)
        {
            map[key] = hex;
        }

        entry["outputs"] = map;
        File.WriteAllText(EntryPath, entry.ToJsonString());
    }

    /// <summary>Replaces an object by whatever <paramref name="replacement"/> creates at its path.</summary>
    public void Replace(string hex, Action<string> replacement)
    {
        File.SetAttributes(ObjectPath(hex), FileAttributes.Normal);
        File.Delete(ObjectPath(hex));
        replacement(ObjectPath(hex));
    }

    /// <summary>True when some object of the content store holds exactly <paramref name="content"/>.</summary>
    public bool HoldsContent(byte[] content) =>
        Directory.Exists(_root) && Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .Any(f => new FileInfo(f).Length == content.Length && File.ReadAllBytes(f).AsSpan().SequenceEqual(content));
}
