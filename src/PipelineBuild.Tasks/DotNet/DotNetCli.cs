using System.Diagnostics;

namespace PipelineBuild.Tasks.DotNet;

/// <summary>Runs the <c>dotnet</c> CLI for a task, its output into the step's log; cancellation kills its process tree.</summary>
internal static class DotNetCli
{
    /// <summary>The <c>dotnet</c> that started the tool when known (DOTNET_HOST_PATH), else the one on PATH.</summary>
    public static string Executable =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static async Task<int> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        Console.Out.WriteLine($"> dotnet {string.Join(' ', arguments.Select(Quote))}");
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Write(Console.Out, e.Data);
        process.ErrorDataReceived += (_, e) => Write(Console.Error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode;
    }

    /// <summary><c>-p:Name=Value</c> for each property, in ordinal order so the command line is stable.</summary>
    public static IEnumerable<string> Properties(IReadOnlyDictionary<string, string>? properties) =>
        (properties ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"-p:{p.Key}={p.Value}");

    private static void Write(TextWriter writer, string? line)
    {
        if (line is not null)
        {
            writer.WriteLine(line);
        }
    }

    private static string Quote(string argument) => argument.Contains(' ', StringComparison.Ordinal) ? $"\"{argument}\"" : argument;
}
