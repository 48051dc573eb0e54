using System.Text.Json;
using NuGet.Versioning;
using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Artifacts;

/// <summary>
/// The local artifact store, <c>.pipeline/artifacts/</c>:
/// <c>&lt;name&gt;/&lt;version&gt;/artifact.json</c> per version (written once, never changed),
/// <c>&lt;name&gt;/aliases.json</c> (alias → version), and <c>objects/</c>, a content store holding
/// the files of every version and the recorded inputs that made them (for <c>get</c> and <c>reproduce</c>).
/// </summary>
public sealed class ArtifactStore
{
    private const string ManifestName = "artifact.json";
    private const string AliasesName = "aliases.json";

    public ArtifactStore(string root)
    {
        Root = root;
        Objects = new ContentStore(Path.Combine(root, "objects"));
    }

    public string Root { get; }

    /// <summary>Files of versions, recorded inputs and pipeline files, by SHA-256.</summary>
    public ContentStore Objects { get; }

    public IReadOnlyList<string> Names() =>
        Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>()
                .Where(n => ArtifactReference.IsName(n) && Versions(n).Count > 0).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>The versions of an artifact, oldest first (SemVer order).</summary>
    public IReadOnlyList<NuGetVersion> Versions(string name)
    {
        var folder = Path.Combine(Root, name);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateDirectories(folder)
            .Where(d => File.Exists(Path.Combine(d, ManifestName)))
            .Select(d => NuGetVersion.TryParse(Path.GetFileName(d), out var v) ? v : null)
            .OfType<NuGetVersion>()
            .Order()
            .ToList();
    }

    public ArtifactManifest? Find(string name, NuGetVersion version)
    {
        var path = Path.Combine(Root, name, version.ToFullString(), ManifestName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return ArtifactManifestJson.Read(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new PipelineException(
                ArtifactCodes.DamagedManifest,
                $"{path}: error {ArtifactCodes.DamagedManifest}: the artifact version cannot be read ({e.Message}); restore the file from a backup or remove the version folder",
                ExitCodes.StepFailed,
                e);
        }
    }

    public ArtifactManifest? Newest(string name) => Versions(name) is { Count: > 0 } versions ? Find(name, versions[^1]) : null;

    /// <summary>Alias → version of an artifact.</summary>
    public IReadOnlyDictionary<string, string> Aliases(string name)
    {
        var path = Path.Combine(Root, name, AliasesName);
        var aliases = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return aliases;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                aliases[entry.Name] = entry.Value.GetString() ?? "";
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new PipelineException(
                ArtifactCodes.DamagedManifest,
                $"{path}: error {ArtifactCodes.DamagedManifest}: the aliases file is damaged ({e.Message}); fix it (a JSON map alias → version) or delete it and promote again",
                ExitCodes.StepFailed,
                e);
        }

        return aliases;
    }

    public IReadOnlyList<string> AliasesOf(string name, string version) =>
        Aliases(name).Where(a => a.Value == version).Select(a => a.Key).ToList();

    /// <summary>The version a reference names: an exact version, an alias, <c>latest</c> or (no selector) the newest.</summary>
    public ArtifactManifest Resolve(ArtifactReference reference)
    {
        var versions = Versions(reference.Name);
        if (versions.Count == 0)
        {
            var known = Names();
            throw NotFound(reference, known.Count == 0 ? "the store is empty; run a pipeline with 'artifacts:' first" : $"known artifacts: {string.Join(", ", known)}");
        }

        if (reference.Selector is null or "latest")
        {
            return Find(reference.Name, versions[^1])!;
        }

        if (NuGetVersion.TryParse(reference.Selector, out var version))
        {
            return Find(reference.Name, version)
                ?? throw NotFound(reference, $"versions: {string.Join(", ", versions.Select(v => v.ToFullString()))}");
        }

        var aliases = Aliases(reference.Name);
        if (aliases.TryGetValue(reference.Selector, out var aliased) && NuGetVersion.TryParse(aliased, out var target) && Find(reference.Name, target) is { } manifest)
        {
            return manifest;
        }

        throw NotFound(reference, aliases.Count == 0 ? "it has no aliases; give a version, or promote one with 'artifacts promote NAME@VERSION --alias A'" : $"aliases: {string.Join(", ", aliases.Keys)}");
    }

    /// <summary>
    /// Adds a version whose files are already in <see cref="Objects"/>. Returns false when the same
    /// version with the same content exists; a version with other content is refused (immutable).
    /// Callers hold <see cref="Lock"/>.
    /// </summary>
    public bool Add(ArtifactManifest manifest)
    {
        var version = NuGetVersion.Parse(manifest.Version);
        if (Find(manifest.Name, version) is { } existing)
        {
            return existing.Digest == manifest.Digest
                ? false
                : throw new PipelineException(
                    ArtifactCodes.Immutable,
                    $"{manifest.Reference}: error {ArtifactCodes.Immutable}: version {manifest.Version} of '{manifest.Name}' is already published with other content ({Short(existing.Digest.Hex)}, now {Short(manifest.Digest.Hex)}); published versions never change: raise 'version' (or use a pattern such as {version.Major}.{version.Minor}.x)",
                    ExitCodes.StepFailed);
        }

        var target = Path.Combine(Root, manifest.Name, version.ToFullString());
        var staging = Path.Combine(Root, manifest.Name, $".staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            AtomicFile.Write(Path.Combine(staging, ManifestName), stream => stream.Write(ArtifactManifestJson.ToBytes(manifest)), durable: true);
            Directory.Move(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return true;
    }

    /// <summary>Points an alias at a version (moving it when it pointed elsewhere). Callers hold <see cref="Lock"/>.</summary>
    public void SetAlias(string name, string alias, string version)
    {
        var aliases = new SortedDictionary<string, string>(Aliases(name).ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal) { [alias] = version };
        AtomicFile.Write(Path.Combine(Root, name, AliasesName), stream =>
        {
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            writer.WriteStartObject();
            foreach (var (key, value) in aliases)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }, durable: true);
    }

    /// <summary>The store's write lock: publishing and promoting are read-check-write sequences.</summary>
    public IDisposable Lock() => StoreLock.Acquire(Path.Combine(Root, ".lock"));

    internal static string Short(string hex) => hex[..12];

    private static PipelineException NotFound(ArtifactReference reference, string hint) =>
        new(ArtifactCodes.NotFound, $"{reference}: error {ArtifactCodes.NotFound}: no such artifact version in the store; {hint}");
}
