namespace PipelineBuild.Core.Execution.Processes;

/// <summary>A process's stdout and stderr read line by line from streams, each line to a callback (the stream-based launchers).</summary>
internal static class StreamLines
{
    /// <summary>Completes when both streams reached their end.</summary>
    public static Task ReadBothAsync(Stream standardOutput, Stream standardError, Action<string, bool> onLine) =>
        Task.WhenAll(ReadAsync(standardOutput, onLine, isError: false), ReadAsync(standardError, onLine, isError: true));

    private static async Task ReadAsync(Stream stream, Action<string, bool> onLine, bool isError)
    {
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onLine(line, isError);
        }
    }
}
