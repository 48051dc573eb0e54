namespace PipelineBuild.Core.Diagnostics;

/// <summary>
/// Plain words for file-system failures. The Native AOT tool is built without .NET's exception texts
/// (they would show as resource keys such as <c>IO_FileNotFound_FileName</c>), so user-facing messages
/// about files are written from the exception's type and errno here, in one place, never from
/// <see cref="Exception.Message"/>.
/// </summary>
public static class IoErrorText
{
    // Linux errno values; .NET puts the raw errno in IOException.HResult on Unix.
    private const int NotPermitted = 1;
    private const int NoEntry = 2;
    private const int AccessDenied = 13;
    private const int Exists = 17;
    private const int NotADirectory = 20;
    private const int IsADirectory = 21;
    private const int TooManyOpenFiles = 24;
    private const int NoSpace = 28;
    private const int ReadOnlyFileSystem = 30;
    private const int NameTooLong = 36;
    private const int QuotaExceeded = 122;
    private const int TooManyLinks = 40;

    /// <summary>What went wrong, in words, for an exception thrown by a file operation.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        FileNotFoundException => "the file does not exist",
        DirectoryNotFoundException => "its folder does not exist",
        PathTooLongException => "the path is too long",
        UnauthorizedAccessException => "permission denied",
        IOException io => DescribeErrno(io.HResult),
        ArgumentException or NotSupportedException => "the path is not valid",
        _ => $"an unexpected {exception.GetType().Name}",
    };

    private static string DescribeErrno(int errno) => errno switch
    {
        NotPermitted or AccessDenied => "permission denied",
        NoEntry => "the file or its folder does not exist",
        Exists => "a file or folder of that name is in the way",
        NotADirectory => "a part of the path is a file, not a folder",
        IsADirectory => "it is a folder, not a file",
        TooManyOpenFiles => "too many files are open",
        NoSpace or QuotaExceeded => "the disk is full",
        ReadOnlyFileSystem => "the file system is read-only",
        NameTooLong => "the path is too long",
        TooManyLinks => "the path loops through symbolic links",
        _ => $"an I/O error (errno {errno})",
    };
}
