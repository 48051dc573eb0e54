using Docker.DotNet.Models;

namespace PipelineBuild.Docker.Images;

/// <summary>
/// Collects an image build's or pull's progress messages into its log file, in order (the engine sends
/// errors inside the stream, not as a failed request), keeping the last lines for the error message.
/// </summary>
public sealed class ImageBuildLog : IProgress<JSONMessage>, IDisposable
{
    private const int TailLines = 15;
    private readonly StreamWriter _file;
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();

    public ImageBuildLog(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        Path = path;
        _file = new StreamWriter(path, append: false) { AutoFlush = true };
    }

    public string Path { get; }

    public string? Error { get; private set; }

    public IReadOnlyList<string> Tail
    {
        get
        {
            lock (_gate)
            {
                return _tail.ToArray();
            }
        }
    }

    public void Report(JSONMessage value)
    {
        var text = value.Error?.Message ?? value.Stream ?? (value.Status is null ? null : $"{value.ID} {value.Status}".Trim());
        lock (_gate)
        {
            if (value.Error?.Message is { } error)
            {
                Error = error.Trim();
            }

            foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                _file.WriteLine(line);
                _tail.Enqueue(line);
                if (_tail.Count > TailLines)
                {
                    _tail.Dequeue();
                }
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
