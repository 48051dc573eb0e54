using System.Diagnostics;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>Runs the <c>dotnet</c> CLI as a user would (pack, new, add package, build), failing the test with its output.</summary>
internal static class DotnetCli
{
    public static void Run(string folder, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(4)), $"dotnet {string.Join(' ', args)} timed out");
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} failed:\n{stdout.Result}\n{stderr}");
    }
}
