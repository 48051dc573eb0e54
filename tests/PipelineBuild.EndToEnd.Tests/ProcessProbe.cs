using System.Globalization;

namespace PipelineBuild.EndToEnd.Tests;

internal static class ProcessProbe
{
    /// <summary>True when the process is gone (or a zombie), waiting up to a few seconds.</summary>
    public static bool HasExited(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            var status = $"/proc/{pid}/status";
            if (!File.Exists(status) || File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal))
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return false;
    }

    /// <summary>
    /// The live processes (zombies left out) that <paramref name="matches"/> accepts, given each one's id and command line
    /// (its arguments, each ended by NUL). A process that ends meanwhile, or one we may not look at, is left out, also when
    /// <paramref name="matches"/> fails to read it.
    /// </summary>
    public static List<int> Find(Func<int, string, bool> matches)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (matches(pid, File.ReadAllText(Path.Combine(folder, "cmdline"))) && !IsZombie(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A process that ended meanwhile, or one we may not look at.
            }
        }

        return found;
    }

    /// <summary>The folder the process works in; throws <see cref="IOException"/> once it ended.</summary>
    public static string? WorkingDirectoryOf(int pid) => new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget;

    /// <summary>True when the process is a zombie or gone.</summary>
    public static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
