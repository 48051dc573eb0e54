using System.Text;
using Docker.DotNet;
using PipelineBuild.Core.Execution;

namespace PipelineBuild.Docker.Containers;

/// <summary>Reads a container's (or a swarm service's) multiplexed stdout/stderr into the step log, line by line, as it comes.</summary>
public static class ContainerOutput
{
    public static Task PumpAsync(MultiplexedStream stream, StepLog log, CancellationToken cancellationToken) =>
        PumpAsync(stream, log.Write, cancellationToken);

    /// <summary>Each complete line to <paramref name="emit"/> (the line, whether it came from stderr); a last line without a newline at the end of the stream too.</summary>
    public static async Task PumpAsync(MultiplexedStream stream, Action<string, bool> emit, CancellationToken cancellationToken)
    {
        var stdout = new LineBuffer(line => emit(line, false));
        var stderr = new LineBuffer(line => emit(line, true));
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (read.EOF)
            {
                break;
            }

            (read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout).Append(buffer.AsSpan(0, read.Count));
        }

        stdout.Flush();
        stderr.Flush();
    }

    private sealed class LineBuffer(Action<string> emit)
    {
        private readonly List<byte> _pending = [];

        public void Append(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                if (b == (byte)'\n')
                {
                    Flush();
                }
                else
                {
                    _pending.Add(b);
                }
            }
        }

        public void Flush()
        {
            if (_pending.Count == 0)
            {
                return;
            }

            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending);
            if (span[^1] == (byte)'\r')
            {
                span = span[..^1];
            }

            emit(Encoding.UTF8.GetString(span));
            _pending.Clear();
        }
    }
}
