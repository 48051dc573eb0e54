using System.Diagnostics;

namespace PipelineBuild.Core.Tests.Runs;

/// <summary>git run as the tests of run records need it: no system or user config, a fixed author; fails the test when git does.</summary>
internal static class TestGit
{
    public static string Run(string folder, params string[] args)
    {
        var (exitCode, output, error) = Start(folder, args);
        Assert.True(exitCode == 0, $"git {string.Join(' ', args)}: {error}");
        return output.Trim();
    }

    /// <summary>Whether git exits 0 (for <c>--quiet</c> comparisons: 1 is an answer, not a failure); fails the test on any other code.</summary>
    public static bool Succeeds(string folder, params string[] args)
    {
        var (exitCode, _, error) = Start(folder, args);
        Assert.True(exitCode is 0 or 1, $"git {string.Join(' ', args)}: {error}");
        return exitCode == 0;
    }

    private static (int ExitCode, string Output, string Error) Start(string folder, string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in new[] { ("GIT_AUTHOR_NAME", "t"), ("GIT_AUTHOR_EMAIL", "t@example.com"), ("GIT_COMMITTER_NAME", "t"), ("GIT_COMMITTER_EMAIL", "t@example.com"), ("GIT_CONFIG_NOSYSTEM", "1"), ("GIT_CONFIG_GLOBAL", "/dev/null") })
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
