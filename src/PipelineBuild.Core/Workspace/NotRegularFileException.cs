namespace PipelineBuild.Core.Workspace;

/// <summary>
/// A file the tool was about to store is a FIFO, a socket or a device: it is never opened for a blocking read (a FIFO
/// would wait for a writer, a device might never end). Callers turn it into their coded error.
/// </summary>
public sealed class NotRegularFileException(string fullPath)
    : FileNotFoundException($"'{UnsafePathException.Printable(fullPath)}' is not a regular file (a FIFO, socket or device)", fullPath);
