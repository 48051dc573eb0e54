using System.IO.Compression;
using System.Security;
using System.Text;

namespace PipelineBuild.Core.Artifacts.Publishing;

/// <summary>
/// Writes an artifact version as a <c>.nupkg</c>: the files as content files
/// (<c>contentFiles/any/any/&lt;name&gt;/…</c>, copied to the consumer's output folder on build),
/// the lineage at <c>pipelinebuild/artifact.json</c>. Entry times are fixed, so the same version
/// always makes the same bytes.
/// </summary>
public static class NuGetPackageWriter
{
    public const string LineageEntry = "pipelinebuild/artifact.json";
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string FileName(ArtifactManifest manifest) => $"{manifest.Name}.{NuGet.Versioning.NuGetVersion.Parse(manifest.Version).ToNormalizedString()}.nupkg".ToLowerInvariant();

    public static void Write(Stream target, ArtifactManifest manifest, ArtifactStore store)
    {
        using var zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true);
        var extensions = new SortedSet<string>(StringComparer.Ordinal) { "nuspec", "json" };
        Add(zip, $"{manifest.Name}.nuspec", Encoding.UTF8.GetBytes(Nuspec(manifest)));
        foreach (var file in manifest.Files)
        {
            var entry = zip.CreateEntry($"contentFiles/any/any/{manifest.Name}/{file.Path}", CompressionLevel.Optimal);
            entry.LastWriteTime = EntryTime;
            using (var source = File.OpenRead(store.Objects.ObjectPath(file.Digest)))
            using (var destination = entry.Open())
            {
                source.CopyTo(destination);
            }

            if (Path.GetExtension(file.Path) is { Length: > 1 } extension)
            {
                extensions.Add(extension[1..]);
            }
        }

        Add(zip, LineageEntry, ArtifactManifestJson.ToBytes(manifest));
        Add(zip, "_rels/.rels", Encoding.UTF8.GetBytes(
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/{manifest.Name}.nuspec" Id="R0" /></Relationships>
            """));
        var types = new StringBuilder("""<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />""");
        foreach (var extension in extensions.Where(e => e != "rels"))
        {
            types.Append(CultureInvariant($"<Default Extension=\"{SecurityElement.Escape(extension)}\" ContentType=\"application/octet\" />"));
        }

        Add(zip, "[Content_Types].xml", Encoding.UTF8.GetBytes(types.Append("</Types>").ToString()));
    }

    private static string Nuspec(ArtifactManifest manifest)
    {
        var lineage = manifest.Lineage;
        var description = $"Artifact '{manifest.Name}' of pipeline '{lineage.Pipeline}', made by run {lineage.RunId}; content sha256 {manifest.Digest.Hex}. Published by PipelineBuild; the lineage is in {LineageEntry}.";
        var repository = lineage.Git is { } git ? $"""<repository type="git" commit="{SecurityElement.Escape(git.Commit)}" />""" : "";
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata minClientVersion="3.3.0">
                <id>{SecurityElement.Escape(manifest.Name)}</id>
                <version>{SecurityElement.Escape(manifest.Version)}</version>
                <authors>PipelineBuild</authors>
                <description>{SecurityElement.Escape(description)}</description>
                <tags>pipelinebuild artifact {SecurityElement.Escape(lineage.Pipeline)}</tags>
                {repository}
                <contentFiles>
                  <files include="any/any/**/*" buildAction="None" copyToOutput="true" flatten="false" />
                </contentFiles>
              </metadata>
            </package>
            """;
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
