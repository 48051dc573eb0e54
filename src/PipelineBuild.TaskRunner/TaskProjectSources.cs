using System.Xml;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.TaskRunner;

/// <summary>
/// The content hash of what a task project is built from: every file of its folder (less <c>bin/</c>,
/// <c>obj/</c> and hidden folders), the same for each project it references, and the MSBuild and NuGet
/// files above it up to the workspace (<c>Directory.Build.props</c>, <c>Directory.Packages.props</c>,
/// <c>global.json</c>, <c>NuGet.config</c>…). Paths enter workspace-relative: the hash is the same on every machine.
/// </summary>
public static class TaskProjectSources
{
    /// <summary>Raised when the way projects are built changes, so that older builds are not reused.</summary>
    private const int BuildRecipeVersion = 1;

    private static readonly string[] AncestorFiles =
        ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "NuGet.config", "nuget.config", "NuGet.Config"];

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", "TestResults", "node_modules" };

    public static ContentDigest Hash(string workspaceRoot, string projectPath)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        AddProject(Path.GetFullPath(projectPath), workspaceRoot, files, visited);

        using var builder = new FingerprintBuilder(BuildRecipeVersion);
        foreach (var (relative, full) in files)
        {
            builder.Add("file", relative).Add("digest", FileHasher.Hash(full));
        }

        return builder.BuildDigest();
    }

    private static void AddProject(string projectFile, string root, SortedDictionary<string, string> files, HashSet<string> visited)
    {
        if (!visited.Add(projectFile) || !File.Exists(projectFile))
        {
            return;
        }

        var folder = Path.GetDirectoryName(projectFile)!;
        AddFolder(folder, root, files);
        for (var current = folder; current is not null; current = Path.GetDirectoryName(current))
        {
            foreach (var name in AncestorFiles)
            {
                var candidate = Path.Combine(current, name);
                if (File.Exists(candidate))
                {
                    files[Relative(root, candidate)] = candidate;
                }
            }

            if (string.Equals(Path.TrimEndingDirectorySeparator(current), Path.TrimEndingDirectorySeparator(root), StringComparison.Ordinal))
            {
                break;
            }
        }

        foreach (var reference in ProjectReferences(projectFile))
        {
            AddProject(Path.GetFullPath(Path.Combine(folder, reference)), root, files, visited);
        }
    }

    private static void AddFolder(string folder, string root, SortedDictionary<string, string> files)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            files[Relative(root, file)] = file;
        }

        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            var name = Path.GetFileName(child);
            if (!name.StartsWith('.') && !SkippedFolders.Contains(name))
            {
                AddFolder(child, root, files);
            }
        }
    }

    /// <summary>The <c>Include</c> of every <c>ProjectReference</c>, with MSBuild's <c>\</c> separators made native.</summary>
    public static IReadOnlyList<string> ProjectReferences(string projectFile)
    {
        var references = new List<string>();
        try
        {
            using var reader = XmlReader.Create(projectFile, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "ProjectReference" && reader.GetAttribute("Include") is { } include)
                {
                    references.Add(include.Replace('\\', Path.DirectorySeparatorChar));
                }
            }
        }
        catch (XmlException)
        {
            // A broken project file still hashes (by content); 'dotnet build' reports what is wrong with it.
        }

        return references;
    }

    /// <summary>The assembly name: <c>&lt;AssemblyName&gt;</c> when the project sets it, else the file name.</summary>
    public static string AssemblyName(string projectFile)
    {
        try
        {
            using var reader = XmlReader.Create(projectFile, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "AssemblyName")
                {
                    var name = reader.ReadElementContentAsString().Trim();
                    if (name.Length > 0 && !name.Contains('$', StringComparison.Ordinal))
                    {
                        return name;
                    }
                }
            }
        }
        catch (XmlException)
        {
        }

        return Path.GetFileNameWithoutExtension(projectFile);
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
