using System.Text;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Runs.Git;

/// <summary>
/// What decides how git turns a work tree file into a blob before comparing it (clean filters, <c>text</c>/<c>eol</c>
/// attributes, <c>core.autocrlf</c>, <c>core.fileMode</c>), as identities of the files that hold it: the repository's
/// config and <c>info/attributes</c>, the user's and the system's config and attributes, the <c>.gitattributes</c> of a
/// path's folders, and git's environment variables that name or replace them. The same identities give git the same settings.
/// </summary>
/// <remarks>
/// Not covered: files a config includes (<c>include.path</c>), a <c>core.attributesFile</c> outside the usual places and a
/// filter program's own code. A <c>true</c> dirty answer is the only one kept on these grounds, so missing one of
/// them could only leave a run recorded dirty after such a file alone made the tree clean.
/// </remarks>
public static class GitConversionSettings
{
    /// <summary>Variables that may carry values (tokens in <c>http.extraheader</c>): with one set, nothing is identified.</summary>
    private static readonly string[] ValueVariables = ["GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_CONFIG"];

    /// <summary>Variables that name settings files or switch them off; their values are paths or flags.</summary>
    private static readonly string[] SwitchVariables = ["GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM", "GIT_ATTR_NOSYSTEM", "GIT_ATTR_SOURCE", "HOME", "XDG_CONFIG_HOME"];

    /// <summary>A SHA-256 over the settings files' identities (absent ones too) and the switches; null when settings come from the environment itself.</summary>
    public static byte[]? Identify(GitRepositoryLocation repository)
    {
        if (ValueVariables.Any(name => Environment.GetEnvironmentVariable(name) is not null))
        {
            return null;
        }

        using var identity = new MemoryStream();
        foreach (var name in SwitchVariables)
        {
            Write(identity, name + "=" + Environment.GetEnvironmentVariable(name));
        }

        foreach (var file in SettingsFiles(repository))
        {
            Write(identity, file);
            Write(identity, FileStat.Read(file) is { } stat ? $"{stat.Size}:{stat.ModifiedNanoseconds}:{stat.ChangedNanoseconds}:{stat.Inode}" : "-");
        }

        return SmallSha256.HashData(identity.ToArray());
    }

    /// <summary>The <c>.gitattributes</c> files that apply to a repository path: one in each of its folders, the top one first.</summary>
    public static IEnumerable<string> AttributesFilesOf(string repositoryPath)
    {
        yield return ".gitattributes";
        for (var slash = repositoryPath.IndexOf('/'); slash >= 0; slash = repositoryPath.IndexOf('/', slash + 1))
        {
            yield return repositoryPath[..slash] + "/.gitattributes";
        }
    }

    private static IEnumerable<string> SettingsFiles(GitRepositoryLocation repository)
    {
        yield return Path.Combine(repository.CommonDirectory, "config");
        yield return Path.Combine(repository.GitDirectory, "config.worktree");
        yield return Path.Combine(repository.CommonDirectory, "info", "attributes");
        if (Environment.GetEnvironmentVariable("GIT_CONFIG_GLOBAL") is { Length: > 0 } global)
        {
            yield return global;
        }

        if (Environment.GetEnvironmentVariable("GIT_CONFIG_SYSTEM") is { Length: > 0 } system)
        {
            yield return system;
        }

        var home = Environment.GetEnvironmentVariable("HOME");
        var configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : home is { Length: > 0 } ? Path.Combine(home, ".config") : null;
        if (home is { Length: > 0 })
        {
            yield return Path.Combine(home, ".gitconfig");
        }

        if (configHome is not null)
        {
            yield return Path.Combine(configHome, "git", "config");
            yield return Path.Combine(configHome, "git", "attributes");
        }

        yield return "/etc/gitconfig";
        yield return "/etc/gitattributes";
    }

    private static void Write(Stream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        stream.Write(BitConverter.GetBytes(bytes.Length));
        stream.Write(bytes);
    }
}
