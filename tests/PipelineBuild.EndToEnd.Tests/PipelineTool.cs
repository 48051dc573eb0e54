using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>Runs the built <c>dotnet-pipeline</c> as a user would: a separate process in a workspace.</summary>
internal static class PipelineTool
{
    public static readonly string ToolPath =
        Environment.GetEnvironmentVariable("PIPELINEBUILD_TOOL")
        ?? typeof(PipelineTool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PipelineTool").Value!;

    public static ToolResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    public static ToolResult Run(string workingDirectory, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        Wait(Start(workingDirectory, env, args), args);

    /// <summary>Runs the tool as another user (the caller must be root): <c>setpriv --reuid --regid --clear-groups</c>.</summary>
    /// <remarks>It runs a copy of the tool that every user can read, wherever the checkout is.</remarks>
    public static ToolResult RunAs(int uid, string workingDirectory, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        using var copy = ToolCopy.Create();
        return Wait(Start(copy.ToolPath, workingDirectory, env, args, ["setpriv", $"--reuid={uid}", $"--regid={uid}", "--clear-groups", "--"]), args);
    }

    private static ToolResult Wait(Process started, string[] args)
    {
        using var process = started;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet-pipeline {string.Join(' ', args)} did not finish in 3 minutes");
        }

        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs the tool behind <paramref name="prefix"/> (e.g. <c>nsenter --net=… --</c>: inside a network namespace).</summary>
    public static ToolResult RunBehind(IReadOnlyList<string> prefix, string workingDirectory, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        Wait(Start(ToolPath, workingDirectory, env, args, [.. prefix]), args);

    /// <summary>Starts the tool behind <paramref name="prefix"/> without waiting (the prefix must exec the tool, so that signals reach it).</summary>
    public static Process StartBehind(IReadOnlyList<string> prefix, string workingDirectory, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        Start(ToolPath, workingDirectory, env, args, [.. prefix]);

    /// <summary>Starts the tool without waiting, for tests that signal or race it.</summary>
    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        Start(ToolPath, workingDirectory, env, args, []);

    private static Process Start(string tool, string workingDirectory, IReadOnlyDictionary<string, string>? env, string[] args, string[] prefix)
    {
        string[] command = [.. prefix, .. tool.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", tool] : new[] { tool }, .. args];
        var info = new ProcessStartInfo(command[0]);
        foreach (var arg in command[1..])
        {
            info.ArgumentList.Add(arg);
        }

        info.WorkingDirectory = workingDirectory;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.StandardOutputEncoding = Encoding.UTF8;
        info.Environment["CI"] = "true";
        info.Environment.Remove("GITHUB_ACTIONS");
        info.Environment.Remove("TF_BUILD");
        foreach (var (name, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }
}
