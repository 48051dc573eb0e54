using System.Text;
using Docker.DotNet;
using PipelineBuild.Core.Execution;

namespace PipelineBuild.Docker.Containers;

/// <summary>Reads a container's multiplexed stdout/stderr into the step log, line by line, as it comes.</summary>
internal static class ContainerOutput
{
    public static async Task PumpAsync(MultiplexedStream stream, StepLog log, CancellationToken cancellationToken)
    {
        var stdout = new LineBuffer(line => log.Write(line, isError: false));
        var stderr = new LineBuffer(line => log.Write(line, isError: true));
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
