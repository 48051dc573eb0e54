using System.Net.Sockets;
using System.Text;

namespace PipelineBuild.TaskHost;

/// <summary>
/// <c>serve</c>: a warm host for the task steps of one run. It connects to the tool's socket and runs one
/// request at a time — each task in a collectible load context of its own, as <c>run</c> does — answering
/// <c>done &lt;exit code&gt;</c> per request. Before answering it ends the task's output on stdout and stderr
/// with <see cref="EndOfTask"/>, so the tool knows which step every line belongs to. It exits when the tool
/// closes the socket, and after a cancelled task (the tool starts a fresh host rather than trust this one).
/// </summary>
internal static class TaskServer
{
    /// <summary>The line that ends one task's output on each stream; the unit separator keeps it from any text a task prints.</summary>
    public const string EndOfTask = "\u001fpipelinebuild:end-of-task";

    public static async Task<int> ServeAsync(string socketPath)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath)).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            await Console.Error.WriteLineAsync($"task host: cannot reach the tool at {socketPath}: {e.Message}").ConfigureAwait(false);
            return HostExitCodes.Usage;
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (!line.StartsWith("run ", StringComparison.Ordinal))
            {
                await Console.Error.WriteLineAsync($"task host: unknown request '{line}'").ConfigureAwait(false);
                return HostExitCodes.Usage;
            }

            var exitCode = await TaskExecution.RunAsync(line["run ".Length..]).ConfigureAwait(false);
            await EndOutputAsync().ConfigureAwait(false);
            await writer.WriteLineAsync($"done {exitCode}").ConfigureAwait(false);
            if (exitCode == HostExitCodes.Cancelled)
            {
                return exitCode;
            }
        }

        return HostExitCodes.Succeeded;
    }

    internal static async Task EndOutputAsync()
    {
        await Console.Out.FlushAsync().ConfigureAwait(false);
        await Console.Error.FlushAsync().ConfigureAwait(false);
        await Console.Out.WriteLineAsync(EndOfTask).ConfigureAwait(false);
        await Console.Error.WriteLineAsync(EndOfTask).ConfigureAwait(false);
        await Console.Out.FlushAsync().ConfigureAwait(false);
        await Console.Error.FlushAsync().ConfigureAwait(false);
    }
}
